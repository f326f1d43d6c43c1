import { randomInt } from 'node:crypto';
import { type Holder, parseHolder } from '../../secret-store/lock-holder.js';
import type { Labels } from './aws-stages.js';

/**
 * The run lock's state, kept in staging label names only (see `StagingLabelLock`). A version of the lock secret is
 * created once; after that, every change is a label moved, attached or removed, which creates no version.
 */

/** Where a head lives: a pool slot, the genesis version, or nowhere (the label before the first head). */
export type Home = '0' | '1' | '2' | 'g' | 'x';
export const SLOTS = ['0', '1', '2'] as const satisfies readonly Home[];
type Slot = (typeof SLOTS)[number];

/** Version ids (32 to 64 characters) of the lock secret's fixed versions. */
export const LOCK_VERSION = {
  /** Its text reads, to a dbpass from before this lock, as a holder that never expires: such a dbpass stays out. */
  base: 'dbpass-run-lock-base-000000000000000',
  genesis: 'dbpass-run-lock-genesis-000000000000',
  slot: (slot: Slot) => `dbpass-run-lock-slot-${slot}-00000000000000`,
} as const;

export const versionOf = (home: Home): string | undefined =>
  home === 'g' ? LOCK_VERSION.genesis : home === 'x' ? undefined : LOCK_VERSION.slot(home);

/** The label the lock of dbpass before staging-label heads moved; parked on the base version from then on. */
export const LEGACY_HOLDER = 'DBPASS_HOLDER';
export const BASE_ANCHOR = 'DBPASS_LOCK_BASE';
/** Keeps a slot version labelled (AWS may delete a version without labels once a secret has over 100). */
export const slotAnchor = (slot: Slot) => `DBPASS_LOCK_SLOT_${slot}`;

/** A head (or a candidate to become one): who holds the lock (undefined: free), and the head it follows. */
export interface HeadLabel {
  readonly name: string;
  readonly home: Home;
  readonly id: string;
  readonly prev: string;
  readonly value: string | undefined;
}

/** One use of a slot after the head `epoch`: whoever moves it off the head's version may put a candidate there. */
export interface TokenLabel {
  readonly name: string;
  readonly slot: Slot;
  readonly epoch: string;
}

const HEAD = /^DBPASS_LOCK_([012gx])_([0-9a-z]{12})_([0-9a-z]{12})_(.+)$/;
const TOKEN = /^DBPASS_LOCK_T([012])_([0-9a-z]{12})$/;
/** AWS does not document a character set for staging labels (1 to 256 characters); these stay within `[A-Za-z0-9_-]`. */
export const MAX_LABEL = 256;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const newId = (): string => Array.from({ length: 12 }, () => ALPHABET[randomInt(36)]).join('');

export const tokenName = (slot: Slot, epoch: string): string => `DBPASS_LOCK_T${slot}_${epoch}`;

/** The slots a head's candidates may use: every pool slot but its own. */
export const tokenSlots = (home: Home): Slot[] => SLOTS.filter((slot) => slot !== home);

const PRE_GENESIS_ID = '000000000000';
const GENESIS_ID = 'genesis00000';
const FREE = 'free';

/** The labels the genesis version is created with: the first head (free), its predecessor, and its tokens. */
export function genesisLabels(): string[] {
  const pre = `DBPASS_LOCK_x_${PRE_GENESIS_ID}_${PRE_GENESIS_ID}_${FREE}`;
  const head = `DBPASS_LOCK_g_${GENESIS_ID}_${PRE_GENESIS_ID}_${FREE}`;
  return [pre, head, ...tokenSlots('g').map((slot) => tokenName(slot, GENESIS_ID))];
}

// Text fields: letters and digits as they are, a canonical UUID as `-u` and its 32 hex digits, an absent field as
// `-n`, every other byte as `-` and two hex digits (so `_` separates fields and never occurs inside one).
const ABSENT = '-n';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PACKED_UUID = /^-u([0-9a-f]{32})$/;
const ESCAPED = /^(?:[A-Za-z0-9]|-[0-9a-f]{2})*$/;

function encodeText(text: string | undefined): string {
  if (text === undefined) return ABSENT;
  if (UUID.test(text)) return `-u${text.replaceAll('-', '')}`;
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const character = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9]/.test(character) ? character : `-${byte.toString(16).padStart(2, '0')}`;
  }
  return encoded;
}

function decodeText(field: string): string | undefined {
  if (field === ABSENT) return undefined;
  const uuid = PACKED_UUID.exec(field)?.[1];
  if (uuid)
    return [uuid.slice(0, 8), uuid.slice(8, 12), uuid.slice(12, 16), uuid.slice(16, 20), uuid.slice(20)].join('-');
  if (!ESCAPED.test(field)) throw new Error('not an encoded field');
  const bytes: number[] = [];
  for (let index = 0; index < field.length; index++) {
    if (field[index] === '-') {
      bytes.push(Number.parseInt(field.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(field.charCodeAt(index));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Times as milliseconds in base 36: holders write them with `toISOString`, which this gives back exactly. */
const encodeTime = (iso: string | undefined) => (iso === undefined ? ABSENT : Date.parse(iso).toString(36));
const decodeTime = (field: string) =>
  field === ABSENT ? undefined : new Date(Number.parseInt(field, 36)).toISOString();

function encodeHolder(holder: Holder, host: string): string {
  return [
    'h',
    String(holder.pid),
    encodeTime(holder.since),
    encodeTime(holder.expires),
    encodeText(holder.nonce),
    encodeText(holder.bootId),
    encodeText(holder.startTime),
    encodeText(holder.pidNamespace),
    encodeText(host),
  ].join('_');
}

function decodeHolder(encoded: string): Holder {
  const [tag, pid, since, expires, nonce, bootId, startTime, pidNamespace, host, ...rest] = encoded.split('_');
  if (tag !== 'h' || host === undefined || rest.length > 0 || !/^\d+$/.test(pid!)) throw new Error('not a holder');
  const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    pid: Number(pid),
    host: decodeText(host)!,
    nonce: decodeText(nonce!)!,
    since: decodeTime(since!)!,
    ...optional('bootId', decodeText(bootId!)),
    ...optional('pidNamespace', decodeText(pidNamespace!)),
    ...optional('startTime', decodeText(startTime!)),
    ...optional('expires', decodeTime(expires!)),
  };
}

/**
 * The label of a new head candidate on `home` following head `prev`, holding `value` (a holder's JSON, or undefined
 * for free). A host name too long for the label is cut (ending in `~`): the holder is then judged by its lease alone.
 */
export function candidateLabel(home: Slot, prev: string, value: string | undefined): HeadLabel {
  const id = newId();
  const named = (encoded: string): HeadLabel => ({
    name: `DBPASS_LOCK_${home}_${id}_${prev}_${encoded}`,
    home,
    id,
    prev,
    value,
  });
  if (value === undefined) return named(FREE);
  const holder = parseHolder(value);
  if (!holder) throw new Error('the AWS run lock keeps a lock holder only');
  for (let host = holder.host; ; host = `${host.slice(0, -2)}~`) {
    const label = named(encodeHolder(holder, host));
    if (label.name.length <= MAX_LABEL || host.length <= 1) return label;
  }
}

function parseHead(name: string): HeadLabel | undefined {
  const match = HEAD.exec(name);
  if (!match) return undefined;
  const [, home, id, prev, encoded] = match;
  let value: string | undefined;
  try {
    value = encoded === FREE ? undefined : JSON.stringify(decodeHolder(encoded!));
  } catch {
    // Not ours to read: a holder nobody can describe, which the lock treats as taken over at once.
    value = encoded;
  }
  return { name, home: home as Home, id: id!, prev: prev!, value };
}

function parseToken(name: string): TokenLabel | undefined {
  const match = TOKEN.exec(name);
  return match ? { name, slot: match[1] as Slot, epoch: match[2]! } : undefined;
}

/** A label of the lock to remove: it no longer decides anything. */
export interface Garbage {
  readonly label: string;
  readonly version: string;
}

/** The lock as one DescribeSecret saw it. */
export interface LockView {
  /** The label that says who holds the lock; undefined before the lock secret is set up (or when broken). */
  readonly head: HeadLabel | undefined;
  /** How many labels qualified as head (1 once set up; more means the labels were changed by hand). */
  readonly heads: number;
  /** The head's predecessor, moved onto the head's version by the move that made the head. */
  readonly previous: string | undefined;
  /** The head's tokens still on its version: each lets one writer try to follow the head. */
  readonly tokens: readonly TokenLabel[];
  readonly garbage: readonly Garbage[];
  /** The version the lock of dbpass before this one is on, unless it has been parked on the base version. */
  readonly legacy: string | undefined;
  /** Whether the fixed versions exist (the genesis version is the last one created). */
  readonly setUp: boolean;
}

/**
 * Reads the lock from the labels of every version. A head is a label on its own slot whose predecessor head has
 * been moved onto that slot: the compare-and-set move that made it the head. Labels that no longer decide anything
 * (a head's predecessor once the head has moved on, candidates of heads that moved on, tokens of neither the head nor
 * a live candidate) are garbage. Each of these facts, once true, stays true (a head label leaves its slot once and
 * never comes back), so a view a moment old never calls a live label garbage.
 */
export function lockView(labels: Labels): LockView {
  const where = new Map<string, string>();
  for (const [version, attached] of Object.entries(labels)) for (const label of attached) where.set(label, version);
  const heads = [...where.keys()].map(parseHead).filter((head): head is HeadLabel => head !== undefined);
  const byId = new Map(heads.map((head) => [head.id, head]));
  const atHome = (head: HeadLabel | undefined) =>
    head !== undefined && versionOf(head.home) !== undefined && where.get(head.name) === versionOf(head.home);
  const isHead = (head: HeadLabel) =>
    atHome(head) && where.get(byId.get(head.prev)?.name ?? '') === where.get(head.name);
  const found = heads.filter(isHead);
  const head = found.length === 1 ? found[0] : undefined;
  // A candidate is live while the head it follows has not moved on.
  const candidate = (label: HeadLabel | undefined) => atHome(label) && atHome(byId.get(label!.prev));
  const live = (label: HeadLabel) => label === head || label.id === head?.prev || candidate(label);
  const tokens = [...where.keys()].map(parseToken).filter((token): token is TokenLabel => token !== undefined);
  // Nothing is collected while the labels show no single head: they were changed by hand, and stay for a person to read.
  const garbage = head
    ? [
        ...heads.filter((label) => !live(label)).map((label) => label.name),
        ...tokens
          .filter((token) => token.epoch !== head.id && !candidate(byId.get(token.epoch)))
          .map((token) => token.name),
      ].map((label) => ({ label, version: where.get(label)! }))
    : [];
  const legacy = where.get(LEGACY_HOLDER);
  return {
    head,
    heads: found.length,
    previous: head ? byId.get(head.prev)?.name : undefined,
    tokens: head
      ? tokens.filter((token) => token.epoch === head.id && where.get(token.name) === versionOf(head.home))
      : [],
    garbage,
    legacy: legacy === LOCK_VERSION.base ? undefined : legacy,
    setUp: labels[LOCK_VERSION.genesis] !== undefined || heads.length > 0,
  };
}
