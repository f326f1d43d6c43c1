import { describe, expect, it } from 'vitest';
import { newHolder, parseHolder } from '../../secret-store/lock-holder.js';
import {
  candidateLabel,
  genesisLabels,
  LEGACY_HOLDER,
  LOCK_VERSION,
  lockView,
  MAX_LABEL,
  tokenName,
  versionOf,
} from './lock-labels.js';

const slot = LOCK_VERSION.slot;
const [PRE, GENESIS, ...GENESIS_TOKENS] = genesisLabels() as [string, string, ...string[]];

describe('run lock labels', () => {
  it('keeps a holder in a label name within the charset and length AWS takes, and gives it back exactly', () => {
    const holder = {
      ...newHolder(120_000),
      host: 'ip-10-0-1-23.eu-west-1.compute_internal',
      pidNamespace: 'pid:[4026531836]',
    };
    const label = candidateLabel('1', 'abcdefghijkl', JSON.stringify(holder));
    expect(label.name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(label.name.length).toBeLessThanOrEqual(MAX_LABEL);
    const view = lockView({ [slot('1')]: [label.name] });
    expect(view.head).toBeUndefined();
    const parsed = lockView({ [slot('1')]: [label.name, `DBPASS_LOCK_0_abcdefghijkl_${'0'.repeat(12)}_free`] });
    expect(parsed.head?.name).toBe(label.name);
    expect(parseHolder(parsed.head!.value!)).toEqual(holder);
  });

  it('cuts a host name too long for a label, and keeps the rest of the holder exact', () => {
    const holder = { ...newHolder(120_000), host: `${'very-long-host.'.repeat(12)}example` };
    const label = candidateLabel('2', 'abcdefghijkl', JSON.stringify(holder));
    expect(label.name.length).toBeLessThanOrEqual(MAX_LABEL);
    const prev = `DBPASS_LOCK_0_abcdefghijkl_${'0'.repeat(12)}_free`;
    const read = parseHolder(lockView({ [slot('2')]: [label.name, prev] }).head!.value!)!;
    expect(read.host).toMatch(/^very-long-host\..*~$/);
    expect({ ...read, host: holder.host }).toEqual(holder);
  });

  it('starts with the genesis head, free, and the tokens that let one writer per slot follow it', () => {
    const view = lockView({ [LOCK_VERSION.genesis]: genesisLabels(), [LOCK_VERSION.base]: ['AWSCURRENT'] });
    expect(view.head).toMatchObject({ name: GENESIS, home: 'g', value: undefined });
    expect(view.previous).toBe(PRE);
    expect(view.tokens.map((token) => token.name)).toEqual(GENESIS_TOKENS);
    expect(view.garbage).toEqual([]);
    expect(view.setUp).toBe(true);
    expect(lockView({ [LOCK_VERSION.base]: ['AWSCURRENT'] }).setUp).toBe(false);
  });

  it('takes for the head the candidate its predecessor was moved onto, and collects what no longer decides anything', () => {
    const next = candidateLabel('0', 'genesis00000', undefined);
    const loser = candidateLabel('1', 'genesis00000', undefined);
    const nextTokens = [tokenName('1', next.id), tokenName('2', next.id)];
    const loserTokens = [tokenName('0', loser.id), tokenName('2', loser.id)];
    const before: Record<string, string[]> = {
      [LOCK_VERSION.genesis]: [PRE, GENESIS, GENESIS_TOKENS[2]!],
      [slot('0')]: [next.name, ...nextTokens, GENESIS_TOKENS[0]!],
      [slot('1')]: [loser.name, ...loserTokens, GENESIS_TOKENS[1]!],
    };
    // Both candidates are live until one of them has the head moved onto its slot.
    expect(lockView(before).head?.name).toBe(GENESIS);
    expect(lockView(before).garbage).toEqual([]);
    const after = {
      ...before,
      [LOCK_VERSION.genesis]: [PRE, GENESIS_TOKENS[2]!],
      [slot('0')]: [...before[slot('0')]!, GENESIS],
    };
    const view = lockView(after);
    expect(view.head?.name).toBe(next.name);
    expect(view.previous).toBe(GENESIS);
    expect(view.tokens.map((token) => token.name)).toEqual(nextTokens);
    expect(view.garbage.map((garbage) => garbage.label).sort()).toEqual(
      [PRE, loser.name, ...loserTokens, ...GENESIS_TOKENS].sort(),
    );
    expect(view.garbage.find((garbage) => garbage.label === loser.name)?.version).toBe(slot('1'));
  });

  it('collects nothing while the labels show more than one head, and reports them', () => {
    const a = candidateLabel('0', 'genesis00000', undefined);
    const stray = candidateLabel('2', 'genesis00000', undefined);
    const b = candidateLabel('1', stray.id, undefined);
    const view = lockView({ [slot('0')]: [a.name, GENESIS, PRE], [slot('1')]: [b.name, stray.name] });
    expect(view.heads).toBe(2);
    expect(view.head).toBeUndefined();
    expect(view.garbage).toEqual([]);
  });

  it('reads the lock of dbpass before this one until its label is parked on the base version', () => {
    const labels = { [LOCK_VERSION.genesis]: genesisLabels(), 'legacy-version-id': [LEGACY_HOLDER] };
    expect(lockView(labels).legacy).toBe('legacy-version-id');
    expect(
      lockView({ ...labels, 'legacy-version-id': [], [LOCK_VERSION.base]: [LEGACY_HOLDER] }).legacy,
    ).toBeUndefined();
    expect(versionOf('x')).toBeUndefined();
  });
});
