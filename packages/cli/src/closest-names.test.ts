import { describe, expect, it } from 'vitest';
import { closestNames, editDistance, listNames, unknownNameHint } from './closest-names.js';

describe('closest names', () => {
  it.each([
    ['app-db', 'app-db', 0],
    ['app-dbb', 'app-db', 1],
    ['apd-pb', 'app-db', 2],
    ['ap-pdb', 'app-db', 1], // two neighbours swapped: one edit
    ['', 'abc', 3],
  ])('%j is %j after %i edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('gives up past the limit', () => {
    expect(editDistance('zzz', 'app-users/app_user@%')).toBe(4);
  });

  it('suggests the nearest names only, none for a name unlike any', () => {
    const known = ['app-db', 'app-dc', 'app-users', 'app-users/app_user@%', 'db'];
    expect(closestNames('app-dd', known)).toEqual(['app-db', 'app-dc']);
    expect(closestNames('app-user', known)).toEqual(['app-users']);
    expect(closestNames('zzz', known)).toEqual([]);
    // Within 3 edits but sharing too little: not a typo of it.
    expect(closestNames('abc', ['xyz', 'abd'])).toEqual(['abd']);
    expect(closestNames('ab', ['cd'])).toEqual([]);
  });

  it('lists a few names and counts the rest', () => {
    expect(listNames(['a', 'b', 'c'], 2)).toBe('"a", "b" and 1 more');
    expect(unknownNameHint(['app-dbb'], ['app-db'], 'Targets', ['app-db', 'other'])).toBe(
      ' Did you mean "app-db"? Targets: "app-db", "other".',
    );
  });
});
