import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnginesUnavailableError, findEnginePrograms } from '../src/engines/find-programs.js';

const empty = mkdtempSync(path.join(tmpdir(), 'dbpass-no-engines-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('findEnginePrograms', () => {
  it('names every missing program, its Debian package and the way out', () => {
    const error = (() => {
      try {
        findEnginePrograms([empty]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EnginesUnavailableError);
    expect((error as EnginesUnavailableError).missing).toEqual(['mariadbd', 'mariadb-install-db', 'clickhouse-server']);
    expect((error as Error).message).toMatch(
      /apt-get install -y --no-install-recommends mariadb-server clickhouse-server/,
    );
    expect((error as Error).message).toMatch(/npm run setup/);
    expect((error as Error).message).toMatch(/engines: 'memory'/);
  });

  it('finds the installed engines (npm run setup installs them)', () => {
    const programs = findEnginePrograms();
    expect(Object.keys(programs)).toEqual(['mariadbd', 'mariadb-install-db', 'clickhouse-server']);
  });
});
