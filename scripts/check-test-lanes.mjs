#!/usr/bin/env node
// Fails when the test lanes drift: a test file that starts more than its name's lane allows (scripts/test-needs.mjs
// says what it sees), a test file no lane runs, a test helper that starts something without a lane, a package
// without its lane scripts, or a turbo lane task that differs from `test`. Run by `npm run test:unit` and `npm test`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { LANES, laneOf, TEST_ROOTS } from './test-lanes.mjs';
import { laneFor, needsOf, STARTING_HELPERS } from './test-needs.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'build', '.turbo', '.venv', '.build', '.generator', '.git']);
const TEST_FILE = /\.test\.[cm]?[jt]sx?$/;
const SOURCE_FILE = /\.[cm]?[jt]s$/;
const VITEST_CONFIG = /^vitest\.config\.[cm]?[jt]s$/;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const isDir = (dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;

function workspacePackages(root) {
  const { packages } = YAML.parse(readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8'));
  return packages
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(path.join(root, pattern.slice(0, -2))).map((name) => path.join(root, pattern.slice(0, -2), name))
        : [path.join(root, pattern)],
    )
    .filter((dir) => statSync(path.join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile());
}

/** Files under `dir` (not in another workspace package) whose name matches. */
function filesUnder(dir, matches, otherPackages) {
  if (!isDir(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return SKIP.has(entry.name) || otherPackages.has(full) ? [] : filesUnder(full, matches, otherPackages);
    return matches(entry.name) ? [full] : [];
  });
}

/** Problems with one turbo.json's lane tasks: each must be `test` again (a package may skip a lane it has no script for). */
function turboProblems(file, relative, scripts) {
  const tasks = readJson(file).tasks ?? {};
  if (!tasks.test) return [];
  return LANES.flatMap((lane) => {
    const task = tasks[`test:${lane}`];
    const where = `${relative(file)}: test:${lane}`;
    if (!task) return [`${where} is missing (copy the \`test\` task)`];
    const skipped = scripts && !scripts[`test:${lane}`] && Array.isArray(task.dependsOn) && task.dependsOn.length === 0;
    if (skipped) return [];
    return ['dependsOn', 'inputs', 'outputs', 'env']
      .filter((key) => JSON.stringify(task[key]) !== JSON.stringify(tasks.test[key]))
      .map((key) => `${where} has other ${key} than \`test\``);
  });
}

/** What is wrong with the lanes of the workspace at `root`, and how many test files each lane has. */
export function checkTestLanes(root = repoRoot) {
  const relative = (file) => path.relative(root, file).split(path.sep).join('/');
  const problems = [];
  const counts = Object.fromEntries(LANES.map((lane) => [lane, 0]));
  const packages = workspacePackages(root);
  const packageDirs = new Set(packages);
  problems.push(...turboProblems(path.join(root, 'turbo.json'), relative));
  const helpersSeen = new Set();

  for (const dir of packages) {
    const manifest = readJson(path.join(dir, 'package.json'));
    const scripts = manifest.scripts ?? {};
    const others = new Set([...packageDirs].filter((other) => other !== dir));
    const vitest = readdirSync(dir).some((name) => VITEST_CONFIG.test(name));
    const where = relative(dir) || '.';
    if (statSync(path.join(dir, 'turbo.json'), { throwIfNoEntry: false }))
      problems.push(...turboProblems(path.join(dir, 'turbo.json'), relative, scripts));

    for (const file of filesUnder(dir, (name) => TEST_FILE.test(name), others)) {
      const name = relative(file);
      const inRoot = TEST_ROOTS.some((testRoot) => name.startsWith(`${where}/${testRoot}/`));
      if (!vitest || !inRoot || !file.endsWith('.test.ts')) {
        problems.push(
          `${name}: no lane runs it (test files are ${TEST_ROOTS.join('/ or ')}/**/*.test.ts beside a vitest config)`,
        );
        continue;
      }
      const lane = laneOf(file);
      counts[lane] += 1;
      const needs = needsOf(readFileSync(file, 'utf8'));
      const needed = laneFor(needs);
      if (LANES.indexOf(needed) > LANES.indexOf(lane)) {
        const what = needs.filter((need) => need.lane === needed).map((need) => need.what);
        problems.push(`${name} is in the ${lane} lane but starts ${what.join(', ')}: rename it *.${needed}.test.ts`);
      }
    }
    if (!vitest) {
      if (scripts.test && !LANES.some((lane) => scripts[`test:${lane}`] === scripts.test))
        problems.push(`${where}: its \`test\` script is in no lane (add test:<lane> with the same command)`);
      continue;
    }

    for (const lane of LANES)
      if (!scripts[`test:${lane}`]?.includes(`vitest run --project ${lane}`))
        problems.push(`${where}: script test:${lane} must run \`vitest run --project ${lane} --passWithNoTests\``);
    if (!/\bvitest run\b/.test(scripts.test ?? '') || scripts.test.includes('--project'))
      problems.push(`${where}: script test must run every lane (\`vitest run\`, no --project)`);

    // Helpers: what a test file imports from its package's test folder, or from a test package's src.
    const helperDirs = [path.join(dir, 'test'), ...(scripts.build ? [] : [path.join(dir, 'src')])];
    for (const helper of helperDirs.flatMap((helperDir) =>
      filesUnder(helperDir, (name) => SOURCE_FILE.test(name) && !TEST_FILE.test(name), others),
    )) {
      const name = relative(helper);
      helpersSeen.add(name);
      const starts = needsOf(readFileSync(helper, 'utf8'));
      if (starts.length > 0 && !(name in STARTING_HELPERS))
        problems.push(
          `${name} starts ${starts.map((need) => need.what).join(', ')}: list its starting functions in STARTING_HELPERS (scripts/test-needs.mjs)`,
        );
    }
  }
  for (const name of Object.keys(STARTING_HELPERS))
    if (!helpersSeen.has(name)) problems.push(`STARTING_HELPERS lists ${name}, which is not a test helper (any more)`);
  return { problems, counts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { problems, counts } = checkTestLanes();
  if (problems.length > 0) {
    console.error(`test lanes: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(
    `test lanes: ${LANES.map((lane) => `${counts[lane]} ${lane}`).join(', ')} test files; each fits its lane`,
  );
}
