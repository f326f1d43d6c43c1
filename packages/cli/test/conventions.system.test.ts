// The conventions of the CLIs platform engineers use daily (kubectl, gh, vault, aws): --version, help on stdout,
// global options in every command's help, "did you mean", every error as one JSON line under --json, completion
// scripts checked in the real shells, and no colour. Runs the built CLI; sends nothing anywhere.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type CliRun, runCli, runProgram } from './run-cli.js';

/** Where a program is on PATH, or undefined. */
const which = (program: string): string | undefined => {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

const TARGETS = ['app-db', 'app-users'];
const KINDS = 'taurusdb-root, taurusdb-db-user, taurusdb-db-users, starrocks, clickhouse, oceanbase-tenant-user'.split(
  ', ',
);
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences that must not be printed.
const SGR = /\u001b\[[0-9;]*m/;

let dir: string;
let planFile: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbpass-conventions-'));
  planFile = path.join(dir, 'dbpass.yaml');
  const instance =
    'instanceId: 6f0d8b1c2a3e4f5061728394a5b6c7d8in07, verify: { by: login, address: "db.internal:3306" }';
  await writeFile(
    planFile,
    [
      'version: 1',
      `store: { file: ${JSON.stringify(path.join(dir, 'store.dbpass'))}, keyEnv: DBPASS_STORE_KEY }`,
      'connections:',
      '  hw: { cloud: huawei, region: cn-north-4, projectId: 0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b, credentials: { accessKeyEnv: HW_AK, secretKeyEnv: HW_SK } }',
      'targets:',
      `  - { name: app-db, kind: taurusdb-root, connection: hw, ${instance} }`,
      `  - { name: app-users, kind: taurusdb-db-users, connection: hw, users: [{ user: app_user }, { user: reporter }], ${instance} }`,
      '',
    ].join('\n'),
  );
  env = { DBPASS_STORE_KEY: randomBytes(32).toString('base64'), HW_AK: 'ak', HW_SK: 'sk', DBPASS_PLAN: planFile };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const dbpass = (args: readonly string[], extraEnv: Record<string, string> = {}) =>
  runCli(args, { ...env, ...extraEnv });

/** The one JSON error line a run under --json printed on stdout. */
const jsonError = (run: CliRun) => {
  const lines = run.stdout.trim().split('\n');
  expect(lines, run.stdout).toHaveLength(1);
  const line = JSON.parse(lines[0]!) as { type: string; name: string; message: string };
  expect(line).toMatchObject({ type: 'error', name: expect.any(String), message: expect.any(String) });
  return line;
};

describe('version and help', () => {
  it('prints the package version with --version, -V and `version`, nothing else', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const args of [['--version'], ['-V'], ['version'], ['rotate', '--version']]) {
      const run = await dbpass(args);
      expect(run, args.join(' ')).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
    const json = await dbpass(['--json', 'version']);
    expect(JSON.parse(json.stdout)).toEqual({ type: 'version', version });
  });

  it('prints its help on stdout with exit 0 when run bare, as kubectl and gh do; `help <unknown>` is an error', async () => {
    for (const args of [[], ['--json'], ['help']]) {
      const run = await dbpass(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^Usage: dbpass \[options\] \[command\]/);
      expect(run.stderr).toBe('');
    }
    expect((await dbpass(['help', 'rotat'])).code).toBe(1);
  });

  it("shows the global options in every command's help", async () => {
    const commands = (await dbpass(['--help'])).stdout
      .split('Commands:\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .flatMap((line) => /^ {2}([a-z]+)/.exec(line)?.[1] ?? []);
    expect(commands).toEqual(
      expect.arrayContaining(['plan', 'rotate', 'adopt', 'unlock', 'status', 'get', 'completion']),
    );
    for (const command of commands.filter((name) => name !== 'help')) {
      const help = (await dbpass([command, '--help'])).stdout;
      expect(help, command).toMatch(/Global Options:\n {2}-p, --plan <file>[\s\S]*--json/);
    }
  });
});

describe('usage errors', () => {
  it('say what was wrong, the closest command or option, and where the usage is, without the whole help', async () => {
    const command = await dbpass(['rotat']);
    expect(command.code).toBe(1);
    expect(command.stderr).toBe(
      "error: unknown command 'rotat'\n(Did you mean rotate?)\n(run 'dbpass --help' for usage)\n",
    );
    const option = await dbpass(['rotate', '--du']);
    expect(option.code).toBe(1);
    expect(option.stderr).toBe(
      "error: unknown option '--du'\n(Did you mean --due?)\n(run 'dbpass rotate --help' for usage)\n",
    );
    expect(command.stdout + option.stdout).toBe('');
  });

  it.each([
    ['an unknown command', ['rotat'], 'UsageError', "unknown command 'rotat' (Did you mean rotate?)"],
    ['an unknown option', ['--bogus'], 'UsageError', "unknown option '--bogus'"],
    ['an unknown option after --json', ['status', '--json', '--bogus'], 'UsageError', "unknown option '--bogus'"],
    ['a bad option value', ['rotate', '--wait', 'soon'], 'UsageError', "argument 'soon' is invalid"],
    ['a value not among the choices', ['get', 'app-db', '--stage', 'LATEST'], 'UsageError', 'CURRENT, PENDING'],
    ['a missing argument', ['get'], 'UsageError', "missing required argument 'account'"],
    ['an unknown --only target', ['plan', '--only', 'app-dbb'], 'SelectionError', 'Did you mean "app-db"?'],
    ['an unknown get account', ['get', 'app-dbb'], 'SelectionError', 'Did you mean "app-db"?'],
    ['a target of several accounts', ['get', 'app-users'], 'SelectionError', 'app-users/reporter@%'],
    ['a stage the store lacks', ['get', 'app-db'], 'UsageError', 'app-db has no CURRENT password in the store'],
  ])('%s is one JSON error line on stdout under --json, and text on stderr', async (_case, args, name, message) => {
    const run = await dbpass(['--json', ...args]);
    expect(run.code).toBe(1);
    const line = jsonError(run);
    expect(line.name).toBe(name);
    expect(line.message).toContain(message);
    expect(run.stderr).toContain(message.split(' (')[0]);
    expect(run.stdout + run.stderr, 'never a stack trace').not.toMatch(/\n\s+at /);
  });
});

describe('names the plan does not have', () => {
  it('--only lists the closest names and the plan targets, for plan, rotate and adopt alike', async () => {
    for (const command of ['plan', 'rotate', 'adopt']) {
      const run = await dbpass([command, '--only', 'app-dbb', '--only', 'app-users/app_usr@%']);
      expect(run.code, command).toBe(1);
      expect(run.stderr).toBe(
        'dbpass: --only: no target or account named "app-dbb", "app-users/app_usr@%" in the plan; nothing was sent. ' +
          'Did you mean "app-db" for "app-dbb"; "app-users/app_user@%" for "app-users/app_usr@%"? ' +
          `The plan's targets: "app-db", "app-users".\n`,
      );
    }
  });

  it('suggests nothing far from what was typed, and still lists the targets', async () => {
    const run = await dbpass(['plan', '--only', 'zzz']);
    expect(run.stderr).not.toContain('Did you mean');
    expect(run.stderr).toContain(`The plan's targets: ${TARGETS.map((name) => `"${name}"`).join(', ')}.`);
  });

  it('get suggests an account id, never a target of several accounts', async () => {
    const id = await dbpass(['get', 'app-users/reporterr']);
    expect(id.stderr).toContain('Did you mean "app-users/reporter@%"?');
    const target = await dbpass(['get', 'app-user']);
    expect(target.stderr).not.toContain('Did you mean "app-users"');
  });

  it('an unknown kind in the plan lists the valid kinds', async () => {
    const bad = path.join(dir, 'bad-kind.yaml');
    await writeFile(bad, (await readFile(planFile, 'utf8')).replace('kind: taurusdb-root', 'kind: taurusdb-rot'));
    const run = await dbpass(['--plan', bad, 'plan']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`targets[0].kind: "kind" must be one of ${KINDS.join(', ')} [discriminator]`);
  });
});

/** The candidates of a completion script for `words` (the last one being completed), in a real bash. */
async function bashComplete(script: string, words: readonly string[]): Promise<string[]> {
  const driver = [
    'source "$0"',
    // The function `complete -p` names: what bash itself calls on Tab.
    'fn=$(complete -p dbpass | sed -E "s/.*-F ([^ ]+).*/\\1/")',
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()',
    '"$fn"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own expansions.
    '((${#COMPREPLY[@]})) && printf "%s\\n" "${COMPREPLY[@]}"; exit 0',
  ].join('\n');
  const run = await runProgram('bash', ['--norc', '--noprofile', '-c', driver, script, ...words], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, DBPASS_COMPLETION_TEST: '1' },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout.split('\n').filter(Boolean);
}

/** The options a command's --help lists (its own and the global ones). */
const optionsInHelp = async (command: string) =>
  [...(await dbpass([command, '--help'])).stdout.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)].flatMap((match) =>
    match.slice(1).filter((flag): flag is string => flag !== undefined),
  );

describe('dbpass completion bash', () => {
  let script: string;
  beforeAll(async () => {
    const run = await dbpass(['completion', 'bash']);
    expect(run.code).toBe(0);
    script = path.join(dir, 'dbpass.bash');
    await writeFile(script, run.stdout);
    await mkdir(path.join(dir, 'plans with spaces'));
    await writeFile(path.join(dir, 'plans with spaces', 'prod plan.yaml'), '');
  });

  it('registers with `complete` and completes commands, options and their values', async () => {
    const registered = await runProgram('bash', ['--norc', '-c', 'source "$0"; complete -p dbpass', script]);
    expect(registered.stdout).toMatch(/^complete -F \S+ dbpass$/m);
    expect(await bashComplete(script, ['dbpass', 'ro'])).toEqual(['rotate']);
    expect(await bashComplete(script, ['dbpass', '--plan', 'x.yaml', 'st'])).toEqual(['status']);
    expect(await bashComplete(script, ['dbpass', '--json', 'rotate', '--only', 'x', '--w'])).toEqual(['--wait']);
    expect(await bashComplete(script, ['dbpass', 'get', 'app-db', '--stage', ''])).toEqual([
      'CURRENT',
      'PENDING',
      'PREVIOUS',
    ]);
    // `--stage=P`: bash splits the word at "=".
    expect(await bashComplete(script, ['dbpass', 'get', '--stage', '=', 'P'])).toEqual(['PENDING', 'PREVIOUS']);
    expect(await bashComplete(script, ['dbpass', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(await bashComplete(script, ['dbpass', 'help', 'ad'])).toEqual(['adopt']);
    expect(await bashComplete(script, ['dbpass', 'adopt', '--from-env', 'DBPASS_COMPLETION_T'])).toEqual([
      'DBPASS_COMPLETION_TEST',
    ]);
    expect(await bashComplete(script, ['dbpass', 'get', ''])).toEqual([]);
  });

  it('completes files for --plan, a name with spaces as one candidate', async () => {
    expect(await bashComplete(script, ['dbpass', '-p', path.join(dir, 'plans with spaces', 'pr')])).toEqual([
      path.join(dir, 'plans with spaces', 'prod plan.yaml'),
    ]);
  });

  it('offers exactly what --help shows, so it cannot drift from the commands', async () => {
    const helpCommands = (await dbpass(['--help'])).stdout
      .split('Commands:\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .flatMap((line) => /^ {2}([a-z]+)/.exec(line)?.[1] ?? []);
    expect(await bashComplete(script, ['dbpass', ''])).toEqual(helpCommands);
    for (const command of helpCommands.filter((name) => name !== 'help')) {
      const offered = await bashComplete(script, ['dbpass', command, '-']);
      expect(new Set(offered), command).toEqual(new Set(await optionsInHelp(command)));
    }
  });
});

// bash is required; zsh and fish are checked in the real shells where installed (CI installs them with apt-get).
const zsh = which('zsh');
const fish = which('fish');

/**
 * Completes `line` in a real interactive zsh on a pseudo-terminal (zsh's own zpty), recording every candidate the
 * completion system adds; a key bound after Tab marks the end.
 */
const ZSH_CAPTURE = String.raw`
script=$1 out=$2 line=$3
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; autoload -Uz compinit; compinit -u -d ${'$'}{(q)out}.dump"
zpty -w z "source ${'$'}{(q)script}"
zpty -w z "compadd() { local -a hits; if (( \${'$'}{@[(I)-[OAD]]} )); then builtin compadd \"\$@\"; return; fi; builtin compadd -A hits \"\$@\"; print -rl -- \$hits >> ${'$'}{(q)out}; builtin compadd \"\$@\"; }"
zpty -w z "done_() { print -r -- '<done>' >> ${'$'}{(q)out}; }; zle -N done_; bindkey '^X' done_; bindkey '^I' complete-word"
zpty -w -n z "$line"$'\t\x18'
until grep -q '<done>' $out 2>/dev/null; do zpty -r -t z >/dev/null 2>&1 || sleep 0.05; done
zpty -d z
`;

describe.skipIf(!zsh)(`dbpass completion zsh${zsh ? '' : ' (skipped: zsh is not installed)'}`, () => {
  let script: string;
  let capture: string;
  beforeAll(async () => {
    script = path.join(dir, '_dbpass');
    await writeFile(script, (await dbpass(['completion', 'zsh'])).stdout);
    capture = path.join(dir, 'capture.zsh');
    await writeFile(capture, ZSH_CAPTURE);
  });

  const complete = async (line: string) => {
    const out = path.join(dir, `zsh-${randomBytes(4).toString('hex')}.out`);
    const run = await runProgram(zsh!, ['-f', capture, script, out, line], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm' },
      killAfterMs: 30_000,
    });
    expect(run.code, run.stderr).toBe(0);
    // zsh adds an option once per form it accepts (`--only`, `--only=`): one candidate on screen.
    return [...new Set((await readFile(out, 'utf8')).split('\n').filter((word) => word && word !== '<done>'))];
  };

  it('parses (zsh -n) and completes commands, options and values in a real zsh', async () => {
    const syntax = await runProgram(zsh!, ['-n', script]);
    expect(syntax.stderr).toBe('');
    expect(syntax.code).toBe(0);
    expect(await complete('dbpass ro')).toEqual(['rotate']);
    expect(await complete('dbpass --json rotate --o')).toEqual(['--only']);
    expect(await complete('dbpass get app-db --stage ')).toEqual(['CURRENT', 'PENDING', 'PREVIOUS']);
    expect(await complete('dbpass completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect(new Set(await complete('dbpass rotate --'))).toEqual(
      new Set((await optionsInHelp('rotate')).filter((flag) => flag.startsWith('--'))),
    );
  });
});

describe.skipIf(!fish)(`dbpass completion fish${fish ? '' : ' (skipped: fish is not installed)'}`, () => {
  let script: string;
  beforeAll(async () => {
    script = path.join(dir, 'dbpass.fish');
    await writeFile(script, (await dbpass(['completion', 'fish'])).stdout);
  });

  /** fish's own `complete -C`: what Tab would offer for `line`. */
  const complete = async (line: string) => {
    const run = await runProgram(fish!, ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', script, line], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
    });
    expect(run.stderr).toBe('');
    return run.stdout
      .split('\n')
      .filter(Boolean)
      .map((candidate) => candidate.split('\t')[0]!);
  };

  it('parses (fish --no-execute) and completes commands, options and values in a real fish', async () => {
    const syntax = await runProgram(fish!, ['--no-execute', script]);
    expect(syntax.stderr).toBe('');
    expect(syntax.code).toBe(0);
    expect(await complete('dbpass ro')).toEqual(['rotate']);
    expect(await complete('dbpass --json rotate --o')).toEqual(['--only']);
    expect(await complete('dbpass get app-db --stage ')).toEqual(['CURRENT', 'PENDING', 'PREVIOUS']);
    expect(await complete('dbpass completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(new Set(await complete('dbpass rotate --'))).toEqual(
      new Set((await optionsInHelp('rotate')).filter((flag) => flag.startsWith('--'))),
    );
  });
});

// `script` (util-linux) runs a command on a pseudo-terminal.
const script = which('script');

describe.skipIf(!script)(`colour and terminals${script ? '' : ' (skipped: `script` is not installed)'}`, () => {
  /** Runs `command` (a shell line) on a pseudo-terminal: everything it prints, stdout and stderr together. */
  const onTerminal = async (command: string, extraEnv: Record<string, string>) => {
    const run = await runProgram(script!, ['-qec', command, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', ...env, TERM: 'xterm-256color', ...extraEnv },
    });
    return run.stdout;
  };
  const node = JSON.stringify(process.execPath);
  const cli = `${node} ${JSON.stringify(CLI)}`;

  it('prints no colour on a terminal, with NO_COLOR, or even with FORCE_COLOR', async () => {
    const variants: Record<string, string>[] = [{}, { NO_COLOR: '1' }, { FORCE_COLOR: '3' }];
    for (const extraEnv of variants) {
      const printed = await onTerminal(`${cli} --help; ${cli} rotat; ${cli} rotate --only app-dbb`, extraEnv);
      expect(printed).toContain('Usage: dbpass');
      expect(printed).toContain('Did you mean "app-db"?');
      expect(printed, JSON.stringify(extraEnv)).not.toMatch(SGR);
    }
  });

  it('shows the progress line only on a terminal that can erase a line (not TERM=dumb)', async () => {
    const index = JSON.stringify(new URL('../dist/index.js', import.meta.url).href);
    const probe = `${node} --input-type=module -e 'const { processIo } = await import(${index}); process.stdout.write("progress=" + processIo().isTTY)'`;
    expect(await onTerminal(probe, {})).toContain('progress=true');
    expect(await onTerminal(probe, { TERM: 'dumb' })).toContain('progress=false');
    expect((await runProgram('sh', ['-c', probe])).stdout).toBe('progress=false');
  });
});
