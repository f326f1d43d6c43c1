import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The engine programs real mode runs, and the Debian package that ships each. */
const PROGRAMS = {
  mariadbd: 'mariadb-server',
  'mariadb-install-db': 'mariadb-server',
  'clickhouse-server': 'clickhouse-server',
} as const;

export type EngineProgram = keyof typeof PROGRAMS;

/** Thrown when real engines are asked for and a program is not installed; says what to install. */
export class EnginesUnavailableError extends Error {
  override readonly name = 'EnginesUnavailableError';
  constructor(readonly missing: readonly EngineProgram[]) {
    const packages = [...new Set(missing.map((program) => PROGRAMS[program]))];
    super(
      `real engines need ${missing.join(', ')}, not found on PATH or in /usr/sbin: install them with ` +
        `\`npm run setup\` as root, or \`apt-get install -y --no-install-recommends ${packages.join(' ')}\`; ` +
        "or start the emulator with engines: 'memory'",
    );
  }
}

/** Where programs are looked for: PATH, then the system folders Debian installs servers into. */
export const defaultSearchPath = () => [
  ...(process.env.PATH ?? '').split(path.delimiter),
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
];

function which(program: string, folders: readonly string[]): string | undefined {
  for (const folder of folders) {
    if (!folder) continue;
    const candidate = path.join(folder, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Absolute paths of every engine program, or an EnginesUnavailableError naming the missing ones. */
export function findEnginePrograms(searchPath: readonly string[] = defaultSearchPath()): Record<EngineProgram, string> {
  const found = {} as Record<EngineProgram, string>;
  const missing: EngineProgram[] = [];
  for (const program of Object.keys(PROGRAMS) as EngineProgram[]) {
    const location = which(program, searchPath);
    if (location) found[program] = location;
    else missing.push(program);
  }
  if (missing.length > 0) throw new EnginesUnavailableError(missing);
  return found;
}

/** Whether real engines can run here (for tests and the demo that choose). */
export function enginesAvailable(): boolean {
  try {
    findEnginePrograms();
    return true;
  } catch {
    return false;
  }
}
