// What a test file needs, read from its source: the calls and imports that start something beyond Node. Simple on
// purpose, and so incomplete: it sees what a file writes (a program spawned by name, the emulator, real engines, a
// browser) and calls to the helpers listed in STARTING_HELPERS, not what a helper does when given a variable.
import { LANES } from './test-lanes.mjs';

/** Calls and imports that start something, wherever they are written (test files and their helpers). */
const STARTS = [
  { lane: 'system', what: 'real engines', pattern: /\bengines['"]?\s*[:,]\s*['"]real['"]/ },
  { lane: 'system', what: 'an engine program', pattern: /\b(?:findEnginePrograms|startMariaDb|startClickHouse)\(/ },
  { lane: 'system', what: 'a PID namespace (unshare)', pattern: /\bpidNamespace:\s*true\b/ },
  { lane: 'system', what: 'a browser (playwright-core)', pattern: /\bfrom\s+['"]playwright-core['"]/ },
  { lane: 'system', what: 'workerd (miniflare)', pattern: /\bfrom\s+['"]miniflare['"]/ },
  {
    lane: 'system',
    what: 'the program',
    pattern: /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|runProgram)\(\s*(['"`])([\w./-]+)\1/,
  },
  { lane: 'e2e', what: 'the in-memory emulator', pattern: /\bstartEmulator\(/ },
];

/**
 * Test helpers that start something (or hold a spawn that only some callers reach), by path from the repository
 * root: the lane each listed function needs. A helper whose source starts something must be listed here, so that
 * a new one gets a lane.
 */
export const STARTING_HELPERS = {
  'packages/cli/test/cli-fixture.ts': { cliFixture: 'system' },
  'packages/cli/test/crash-suite.ts': { crashSuite: 'system' },
  // `runCli` starts `unshare` only when asked for a PID namespace (`pidNamespace: true`, seen where it is written).
  'packages/cli/test/run-cli.ts': {},
  'packages/cli/test/twin-checks.ts': { twinChecks: 'system' },
  'packages/docs-portal/test/browser.ts': { launchBrowser: 'system' },
  'packages/rotate/test/servers/bao-server.ts': { startBao: 'system', runBao: 'system' },
  'packages/rotate/test/servers/kube-server.ts': { startKube: 'system' },
  'packages/rotate/test/servers/moto-server.ts': { startMoto: 'system' },
  'packages/rotate/test/servers/servers-dir.ts': { serverProgram: 'system' },
  'packages/rotate/test/store-contract.ts': { storeContract: 'e2e' },
  'packages/verify/test/test-certificates.ts': { makeTestCertificates: 'system' },
  'test/src/packed-app.ts': { packedApp: 'system' },
  'test/src/setup.ts': { useEmulator: 'e2e' },
  'test/src/system-tools.ts': { requireProgram: 'system' },
  'test/install/src/emulator-command.ts': { startEmulatorCommand: 'system' },
  'test/install/src/local-registry.ts': { startLocalRegistry: 'system' },
  'test/install/src/pack-published.ts': { packPublished: 'system' },
  'test/install/src/user-environment.ts': { userEnvironment: 'system', npmCli: 'system' },
};

const STARTER_CALLS = Object.values(STARTING_HELPERS).flatMap((functions) =>
  Object.entries(functions).map(([name, lane]) => ({
    lane,
    what: `${name}()`,
    pattern: new RegExp(`\\b${name}\\(`),
  })),
);

/** The source without comments, so that prose about a program does not count as starting it. */
export function withoutComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;])\/\/.*$/gm, '$1');
}

/** What a source starts directly: `{ lane, what }` for each call or import found. */
export function startsIn(source) {
  const code = withoutComments(source);
  return STARTS.flatMap(({ lane, what, pattern }) => {
    const match = pattern.exec(code);
    if (!match) return [];
    return [{ lane, what: match[2] ? `${what} \`${match[2]}\`` : what }];
  });
}

/** What a test file needs: what it starts itself and the listed helpers it calls. */
export function needsOf(source) {
  const code = withoutComments(source);
  const helpers = STARTER_CALLS.filter(({ pattern }) => pattern.test(code)).map(({ lane, what }) => ({ lane, what }));
  return [...startsIn(source), ...helpers];
}

/** The lightest lane that has everything in `needs`. */
export function laneFor(needs) {
  return needs.reduce((lane, need) => (LANES.indexOf(need.lane) > LANES.indexOf(lane) ? need.lane : lane), 'unit');
}
