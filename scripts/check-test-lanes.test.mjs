// Unit tests of the test lanes' guard (node --test, run by `npm run test:unit` and `npm test`).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkTestLanes } from './check-test-lanes.mjs';
import { laneOf } from './test-lanes.mjs';
import { laneFor, needsOf } from './test-needs.mjs';

const laneOfSource = (source) => laneFor(needsOf(source));

describe('needsOf', () => {
  it('sees the emulator, real engines, a browser and programs spawned by name', () => {
    assert.equal(laneOfSource('const emulator = await startEmulator({ jobDurationMs: 20 });'), 'e2e');
    assert.equal(laneOfSource("const twin = await startEmulator({ engines: 'real' });"), 'system');
    assert.equal(laneOfSource("spawn(process.execPath, [BIN, '--engines', 'real']);"), 'system');
    assert.equal(laneOfSource("import { chromium } from 'playwright-core';"), 'system');
    assert.equal(laneOfSource("execFileSync('openssl', ['req']);"), 'system');
    assert.deepEqual(needsOf("await runProgram('curl', args);"), [{ lane: 'system', what: 'the program `curl`' }]);
  });

  it('sees the listed helpers that start something', () => {
    assert.equal(laneOfSource('const emulator = useEmulator();'), 'e2e');
    assert.equal(laneOfSource("storeContract('file store', start);"), 'e2e');
    assert.equal(laneOfSource('const bao = await startBao();'), 'system');
    assert.equal(laneOfSource('crashSuite("file store");'), 'system');
  });

  it('leaves Node alone: node itself, in-process servers, imports of a helper module, comments', () => {
    assert.equal(laneOfSource("execFileSync(process.execPath, ['-e', code]);"), 'unit');
    assert.equal(laneOfSource('const server = await recordingServer();'), 'unit');
    assert.equal(
      laneOfSource("import { h, useEmulator } from './setup.js';\nconst id = h.instances.taurusdb.id;"),
      'unit',
    );
    assert.equal(
      laneOfSource('// unlike startEmulator({ engines: "real" }), this needs nothing\nconst x = 1;'),
      'unit',
    );
    assert.equal(laneOfSource("/* execFileSync('openssl') made these once */ const pem = '';"), 'unit');
  });
});

describe('laneOf', () => {
  it('reads the lane from the name', () => {
    assert.equal(laneOf('test/rotate.e2e.test.ts'), 'e2e');
    assert.equal(laneOf('test/crash.system.test.ts'), 'system');
    assert.equal(laneOf('src/redact.test.ts'), 'unit');
  });
});

describe('checkTestLanes', () => {
  const roots = [];
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  const test = { dependsOn: ['build'], inputs: ['src/**', 'test/**'], outputs: [] };
  const laneScripts = {
    test: 'vitest run',
    'test:unit': 'vitest run --project unit --passWithNoTests',
    'test:e2e': 'vitest run --project e2e --passWithNoTests',
    'test:system': 'vitest run --project system --passWithNoTests',
  };
  /** A workspace of one package `a`, with the files given (path under the package: content). */
  function workspace({
    files,
    scripts = laneScripts,
    tasks = { test, 'test:unit': test, 'test:e2e': test, 'test:system': test },
  }) {
    const root = mkdtempSync(path.join(tmpdir(), 'dbpass-lanes-'));
    roots.push(root);
    const write = (file, text) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
    write('turbo.json', JSON.stringify({ tasks }));
    write('packages/a/package.json', JSON.stringify({ name: 'a', scripts }));
    write('packages/a/vitest.config.ts', 'export default {};\n');
    for (const [file, text] of Object.entries(files)) write(`packages/a/${file}`, text);
    return root;
  }
  const problemsOf = (root) =>
    checkTestLanes(root).problems.filter((problem) => !problem.startsWith('STARTING_HELPERS'));

  it('passes files that fit their lanes, and counts them', () => {
    const root = workspace({
      files: {
        'src/x.test.ts': 'expect(1).toBe(1);',
        'test/y.e2e.test.ts': 'await startEmulator();',
        'test/z.system.test.ts': "await startEmulator({ engines: 'real' });",
      },
    });
    assert.deepEqual(problemsOf(root), []);
    assert.deepEqual(checkTestLanes(root).counts, { unit: 1, e2e: 1, system: 1 });
  });

  it('fails a unit file that starts the emulator, and an e2e file that runs curl, naming the lane to move to', () => {
    const root = workspace({
      files: {
        'test/x.test.ts': 'await startEmulator();',
        'test/y.e2e.test.ts': "execFileSync('curl', ['-s', url]);",
      },
    });
    assert.deepEqual(problemsOf(root), [
      'packages/a/test/x.test.ts is in the unit lane but starts the in-memory emulator: rename it *.e2e.test.ts',
      'packages/a/test/y.e2e.test.ts is in the e2e lane but starts the program `curl`: rename it *.system.test.ts',
    ]);
  });

  it('fails a test file no lane runs, and a helper that starts something without a lane', () => {
    const root = workspace({
      files: { 'tests/x.test.ts': 'expect(1).toBe(1);', 'test/new-server.ts': "spawn('etcd', []);" },
    });
    assert.deepEqual(problemsOf(root), [
      'packages/a/tests/x.test.ts: no lane runs it (test files are src/ or test/**/*.test.ts beside a vitest config)',
      'packages/a/test/new-server.ts starts the program `etcd`: list its starting functions in STARTING_HELPERS (scripts/test-needs.mjs)',
    ]);
  });

  it('fails a missing lane script, and a turbo lane task that is not `test` again', () => {
    const { 'test:e2e': _, ...scripts } = laneScripts;
    const root = workspace({
      files: {},
      scripts,
      tasks: { test, 'test:unit': { ...test, inputs: ['src/**'] }, 'test:e2e': test },
    });
    assert.deepEqual(problemsOf(root), [
      'turbo.json: test:unit has other inputs than `test`',
      'turbo.json: test:system is missing (copy the `test` task)',
      'packages/a: script test:e2e must run `vitest run --project e2e --passWithNoTests`',
    ]);
  });
});
