import type { Stage } from '@dbpass/rotate';
import { Argument, Command, CommanderError, type HelpContext, InvalidArgumentError, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { cliVersion } from './cli-version.js';
import { errorLine } from './error-line.js';
import { EXIT_CODES } from './exit-codes.js';
import { printable, printableIo, printableJson, printableLines } from './printable.js';

interface GlobalOptions {
  plan: string;
  json: boolean;
}

const seconds = (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return parsed;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXIT_HELP = `
Exit codes:
  0  every selected account rotated and verified (or was not due)
  1  bad plan, missing credential variable, unreadable store, bad arguments: nothing was sent
  2  some accounts failed; nothing was lost (the next run resumes them)
  3  some accounts need attention: neither the old nor the new password logs in
  4  another run holds the store`;

/**
 * `dbpass` alone prints its help on stdout and exits 0, as `kubectl` and `gh` do (commander's own: stderr, exit 1).
 * `dbpass help <unknown>` stays an error.
 */
class DbpassCommand extends Command {
  override help(context?: HelpContext | ((text: string) => string)): never {
    return this.parent === null && this.args.length === 0 ? super.help() : super.help(context as HelpContext);
  }
}

/** The `dbpass` command tree; `run` receives each command's exit code. */
export function buildProgram(io: CliIo, run: (code: Promise<number>) => void): Command {
  const program = new DbpassCommand('dbpass')
    .description(
      'Staged password rotation for TaurusDB, StarRocks, ClickHouse and OceanBase Cloud accounts: create, set, test by login, finish.',
    )
    .addOption(new Option('-p, --plan <file>', 'the rotation plan (YAML)').env('DBPASS_PLAN').default('dbpass.yaml'))
    .option('--json', 'JSON lines on stdout instead of text', false)
    .option('-V, --version', 'print the version of dbpass')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Commander's errors repeat what was typed: made printable like everything else the CLI shows.
      outputError: (text, write) => write(printableLines(text)),
    })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .addHelpText('after', EXIT_HELP);
  // Read only when asked: start-up never reads package.json.
  program.on('option:version', () => {
    io.stdout(`${cliVersion()}\n`);
    throw new CommanderError(0, 'commander.version', 'version printed');
  });
  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
  // An unknown --only name is refused before the command starts, with the plan's closest names.
  program.hook('preAction', async (_program, command) => {
    const only = command.opts<{ only?: string[] }>().only;
    if (only?.length) await import('./check-only.js').then(({ checkOnly }) => checkOnly(globals(command).plan, only));
  });

  program
    .command('init')
    .description(
      'write a starter plan for the local emulator (dbpass-emulator) and a new store key beside it (mode 0600); existing files are kept unless --force',
    )
    .option('--endpoint <url>', "the emulator's address, every connection's endpoint", 'http://127.0.0.1:8080')
    .option('--force', 'replace an existing plan and store key', false)
    .action((options: { endpoint: string; force: boolean }, command: Command) =>
      run(
        import('./commands/init-command.js').then(({ initCommand }) =>
          initCommand({ ...globals(command), ...options }, io),
        ),
      ),
    );

  program
    .command('plan')
    .description(
      'dry run: what would rotate and why, plan and credential problems, whether the store opens (sends nothing, shows no secret)',
    )
    .option('--due', 'only accounts whose CURRENT is older than their period', false)
    .option('--only <target>', 'only this target or account (repeatable); manual targets need it', collect)
    .option(
      '--check',
      'also check, read-only, everything a rotation needs: the store takes its lock, the audit log is writable, each connection is accepted by a read-only call, each verifier logs in with CURRENT',
      false,
    )
    .action((options: { due: boolean; only?: string[]; check: boolean }, command: Command) =>
      run(
        import('./commands/plan-command.js').then(({ planCommand }) =>
          planCommand({ ...globals(command), ...options }, io),
        ),
      ),
    );

  program
    .command('rotate')
    .description(
      'rotate the selected accounts through create, set, test and finish; resumes whatever an earlier run left',
    )
    .option('--due', 'only accounts whose CURRENT is older than their period', false)
    .option('--only <target>', 'only this target or account (repeatable); manual targets rotate only this way', collect)
    .option('--wait <seconds>', 'wait this long for another run to release the store instead of refusing', seconds)
    .option('--audit <file>', "append the audit log (JSON lines, no secrets) here; default the plan's audit")
    .option(
      '--metrics-file <file>',
      "after the run, write its metrics here for node exporter's textfile collector (*.prom)",
    )
    .option(
      '--init',
      'reset accounts whose store holds no password (their current one is truly unknown); without it they are refused, and so is a store that holds none of the plan',
      false,
    )
    .addHelpText('after', EXIT_HELP)
    .action(
      (
        options: { due: boolean; only?: string[]; wait?: number; audit?: string; metricsFile?: string; init: boolean },
        command: Command,
      ) =>
        run(
          import('./commands/rotate-command.js').then(({ rotateCommand }) =>
            rotateCommand({ ...globals(command), ...options }, io),
          ),
        ),
    );

  program
    .command('adopt')
    .description(
      'take over the passwords applications use: prove each by login and record it as CURRENT in place (the database and every byte dbpass does not own stay as they are)',
    )
    .option('--only <target>', 'only this target or account (repeatable); default every account of the plan', collect)
    .option(
      '--from-stdin',
      'the password the database has, on stdin, for accounts whose store location holds none',
      false,
    )
    .option('--from-env <variable>', 'the same, from an environment variable')
    .option('--trust', 'accounts verified by API only: record the password on your word (no login can prove it)', false)
    .option('--wait <seconds>', 'wait this long for another run to release the store instead of refusing', seconds)
    .option('--audit <file>', "append the audit log (JSON lines, no secrets) here; default the plan's audit")
    .addHelpText(
      'after',
      `
Exit codes:
  0  every selected account adopted (or managed already)
  1  bad plan, unreadable store, bad arguments: nothing was written
  2  some accounts were not adopted (the password did not log in, or none was found): nothing written for them
  4  another run holds the store`,
    )
    .action(
      (
        options: {
          only?: string[];
          fromStdin: boolean;
          fromEnv?: string;
          trust: boolean;
          wait?: number;
          audit?: string;
        },
        command: Command,
      ) =>
        run(
          import('./commands/adopt-command.js').then(({ adoptCommand }) =>
            adoptCommand({ ...globals(command), ...options }, io),
          ),
        ),
    );

  program
    .command('unlock')
    .description(
      "who holds the store's run lock, with its lease; --force removes it (for a run known to be gone before its lease ends)",
    )
    .option('--force', 'remove the lock whoever holds it', false)
    .addHelpText(
      'after',
      `
Exit codes:
  0  no run holds the lock, it is stale (the next run takes it over), or --force removed it
  1  bad plan, unreadable store
  4  a live run holds it`,
    )
    .action((options: { force: boolean }, command: Command) =>
      run(
        import('./commands/unlock-command.js').then(({ unlockCommand }) =>
          unlockCommand({ ...globals(command), ...options }, io),
        ),
      ),
    );

  program
    .command('status')
    .description('per account: stages stored, age of CURRENT, last verification, a PENDING left over (no secrets)')
    .addOption(
      new Option('--format <format>', 'text, json (as --json) or prometheus (text exposition format)')
        .choices(['text', 'json', 'prometheus'])
        .default('text'),
    )
    .option('--audit <file>', "the audit log to read the last runs from (prometheus); default the plan's audit")
    .action((options: { format: 'text' | 'json' | 'prometheus'; audit?: string }, command: Command) =>
      run(
        import('./commands/status-command.js').then(({ statusCommand }) =>
          statusCommand({ ...globals(command), ...options }, io),
        ),
      ),
    );

  program
    .command('get')
    .description('print one password from the store, for piping (the only command that shows a secret)')
    .argument('<account>', 'a target with one account, or an account id such as app-db/app_user@%')
    .addOption(
      new Option('--stage <stage>', 'which version').choices(['CURRENT', 'PENDING', 'PREVIOUS']).default('CURRENT'),
    )
    .addOption(
      new Option(
        '--field <field>',
        "what to print: the password, or the user it belongs to (an alternating account's pair)",
      )
        .choices(['password', 'username'])
        .default('password'),
    )
    .action((account: string, options: { stage: Stage; field: 'password' | 'username' }, command: Command) =>
      run(
        import('./commands/get-command.js').then(({ getCommand }) =>
          getCommand({ ...globals(command), account, stage: options.stage, field: options.field }, io),
        ),
      ),
    );

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish (the README says how to install it)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .action((shell: 'bash' | 'zsh' | 'fish', _options: object, command: Command) =>
      run(
        import('./completion/completion-command.js').then(({ completionCommand }) =>
          completionCommand(shell, command.parent!, io),
        ),
      ),
    );

  program
    .command('version')
    .description('print the version of dbpass (the same as --version)')
    .action((_options: object, command: Command) => {
      const version = cliVersion();
      io.stdout(globals(command).json ? `${JSON.stringify({ type: 'version', version })}\n` : `${version}\n`);
      run(Promise.resolve(EXIT_CODES.ok));
    });

  // After a usage error, where the usage is, instead of the whole help hiding the error (as kubectl and gh do).
  for (const command of [program, ...program.commands]) {
    const name = command === program ? 'dbpass' : `dbpass ${command.name()}`;
    command.showHelpAfterError(`(run '${name} --help' for usage)`);
  }
  return program;
}

/** Whether the command line asks for JSON: what commander parsed, or, if it stopped before, what was typed. */
const wantsJson = (program: Command, argv: readonly string[]) =>
  program.opts<GlobalOptions>().json === true ||
  argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length).includes('--json');

/** Runs the CLI on `argv` (without node and the script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let result: Promise<number> = Promise.resolve(EXIT_CODES.ok);
  const program = buildProgram(io, (code) => {
    result = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const json = wantsJson(program, argv);
    // Help and version end parsing with exit code 0; everything else commander refuses is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : usageError(error, io, json);
    return import('./report-error.js')
      .then(({ reportError }) => reportError(error, printableIo(io, json), json))
      .catch(() => unexpected(error, io, json));
  }
  return result.catch((error: unknown) => unexpected(error, io, wantsJson(program, argv)));
}

/** Commander printed the error and where the usage is (on stderr); under --json, the same as one JSON line. */
function usageError(error: CommanderError, io: CliIo, json: boolean): number {
  if (json) {
    const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    io.stdout(printableJson(errorLine({ name: 'UsageError', code: error.code.replace(/^commander\./, ''), message })));
  }
  return EXIT_CODES.usage;
}

/**
 * An error no command expected: one line for whoever is paged, never a stack trace. Whatever a rotation sent is
 * in the store already (PENDING is written before anything is sent), so the next run resumes it.
 */
function unexpected(error: unknown, io: CliIo, json: boolean): number {
  const { name = 'Error', message = String(error) } = (error ?? {}) as Partial<Error>;
  const firstLine = String(message).split('\n')[0] ?? '';
  if (json) io.stdout(printableJson(errorLine({ name: String(name), message: firstLine, unexpected: true })));
  io.stderr(
    `dbpass: unexpected ${printable(String(name))}: ${printable(firstLine)}. Every password sent is in the store (PENDING or CURRENT); \`dbpass status\` shows where each account stands, and the next rotate resumes it\n`,
  );
  return EXIT_CODES.usage;
}
