// The published packages declare `engines.node: ">=20"` and need only fetch, WebCrypto and node:crypto.
// The toolchain runs on Node 24; this runs the built demo (every client, every auth) on the machine's own
// Node, which on this project's machines is Node 20, the lowest declared version. In memory mode: the real
// engines are the setup's demo and the twin suites' business, and each twin costs ~250 MB.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const published = ['core', 'client-taurusdb', 'client-oceanbase'].map((name) =>
  JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8')),
);

/** Node binaries on the machine other than the toolchain's own (node_modules/.bin/node). */
function systemNodes(): string[] {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/local/bin'].filter(
    (dir) => dir && !dir.includes('node_modules'),
  );
  const found = new Set<string>();
  for (const dir of dirs) {
    const candidate = path.join(dir, 'node');
    if (existsSync(candidate)) found.add(candidate);
  }
  return [...found];
}

const major = (binary: string) =>
  Number(execFileSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);

describe('the declared Node range', () => {
  it('is the same in every published package', () => {
    expect(published.map((manifest) => manifest.engines?.node)).toEqual(['>=20', '>=20', '>=20']);
  });

  it('runs the demo on the lowest Node the machine has, within the range', () => {
    const nodes = systemNodes()
      .map((binary) => ({ binary, major: major(binary) }))
      .sort((a, b) => a.major - b.major);
    expect(nodes.length, "no Node.js besides the toolchain's was found on PATH").toBeGreaterThan(0);
    const lowest = nodes[0]!;
    const declared = Number(/^>=(\d+)$/.exec(published[0].engines.node)?.[1]);
    // Passing on a newer Node would prove nothing about the declared minimum.
    expect(
      lowest.major,
      `the lowest Node found is ${lowest.major} (${lowest.binary}); install Node ${declared} (npm run setup does) to test the declared range`,
    ).toBe(declared);
    const output = execFileSync(lowest.binary, [path.join(root, 'examples/demo/dist/demo.js')], {
      encoding: 'utf8',
      env: { ...process.env, DBPASS_DEMO_AUTH: '', DBPASS_DEMO_ENGINES: 'memory' },
    });
    expect(output).toMatch(/5\/5 operations succeeded/);
    console.log(`demo passed on Node ${lowest.major} (${lowest.binary})`);
  });
});
