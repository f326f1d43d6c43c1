import { describe, expect, it } from 'vitest';
import { stagedVersions, stagesByVersion, versionAt } from './aws-stages.js';

describe('stages from AWS staging labels', () => {
  it('maps the AWS labels, AWSPENDING parked on AWSCURRENT (or a placeholder) meaning no rotation under way', () => {
    const labels = {
      c: ['AWSCURRENT', 'AWSPENDING'],
      p: ['AWSPREVIOUS'],
      'dbpass-placeholder-1': ['AWSPENDING', 'DBPASS_CLAIM'],
      old: [],
    };
    expect(Object.fromEntries(stagesByVersion(labels))).toEqual({
      c: ['CURRENT'],
      p: ['PREVIOUS'],
      'dbpass-placeholder-1': [],
      old: [],
    });
    expect(versionAt(labels, 'PENDING')).toBeUndefined();
    expect([...stagedVersions(labels)]).toEqual(['c', 'p']);
  });

  it('takes the version marked to stay PREVIOUS over the one AWS moved AWSPREVIOUS to', () => {
    const labels = { n: ['AWSCURRENT', 'AWSPENDING'], c: ['AWSPREVIOUS'], p: ['DBPASS_KEEP_PREVIOUS'] };
    expect(Object.fromEntries(stagesByVersion(labels))).toEqual({ n: ['CURRENT'], c: [], p: ['PREVIOUS'] });
    expect(versionAt(labels, 'PREVIOUS')).toBe('p');
  });
});
