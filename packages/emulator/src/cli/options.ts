import { parseArgs } from 'node:util';
import type { EngineMode } from '../engines/engines.js';
import type { Fault } from '../faults.js';
import { defaultFaultMix } from '../faults.js';
import type { FleetSize } from '../fleet.js';
import type { EmulatorOptions } from '../server.js';
import { parseFaultSpec, probability, wholeNumber } from './fault-spec.js';
import { UsageError } from './usage-error.js';

/** What the command line asks for. */
export interface CliConfig {
  readonly help: boolean;
  readonly emulator: EmulatorOptions & { readonly port: number; readonly engines: EngineMode };
  /** Where to append one JSON line per request. */
  readonly requestLog?: string;
  /** The faults as given, for the banner. */
  readonly faultSummary: readonly string[];
}

const FLEET_KEYS = [
  'taurusInstances',
  'usersPerInstance',
  'starrocksUsers',
  'clickhouseUsers',
  'oceanbaseUsers',
] as const;
const MAX_FLEET = 10_000;
const MAX_MS = 3_600_000;

/** Reads `args` (without node and the script); throws UsageError naming the option and the rule it broke. */
export function parseCliArgs(args: readonly string[]): CliConfig {
  const values = readArgs(args);
  if (values.help) return { help: true, emulator: { port: 8080, engines: 'memory' }, faultSummary: [] };
  const port = wholeNumber(values.port, 0, 65_535);
  if (port === undefined)
    throw new UsageError(`--port must be a whole number from 0 to 65535, not ${quote(values.port)}`);
  if (values.engines !== 'memory' && values.engines !== 'real')
    throw new UsageError(`--engines must be memory or real, not ${quote(values.engines)}`);
  const timing = (name: 'job-duration-ms' | 'job-visible-after-ms') => {
    const text = values[name];
    if (text === undefined) return undefined;
    return (
      wholeNumber(text, 0, MAX_MS) ??
      (() => {
        throw new UsageError(`--${name} must be whole milliseconds from 0 to ${MAX_MS}, not ${quote(text)}`);
      })()
    );
  };
  const jobDurationMs = timing('job-duration-ms');
  const jobVisibleAfterMs = timing('job-visible-after-ms');
  const rules: Fault[] = values.fault.map(parseFaultSpec);
  const faultSummary = values.fault.map((spec) => `--fault ${spec}`);
  if (values.faults !== undefined) {
    const chance = probability(values.faults);
    if (chance === undefined)
      throw new UsageError(
        `--faults must be a probability above 0 and at most 1 (such as 0.2), not ${quote(values.faults)}`,
      );
    rules.push(...defaultFaultMix(chance));
    faultSummary.push(`--faults ${chance} (the default mix)`);
  }
  let seed: number | undefined;
  if (values['fault-seed'] !== undefined) {
    seed = wholeNumber(values['fault-seed'], 0, 0xffff_ffff);
    if (seed === undefined)
      throw new UsageError(
        `--fault-seed must be a whole number from 0 to 4294967295, not ${quote(values['fault-seed'])}`,
      );
    if (rules.length === 0) throw new UsageError('--fault-seed needs --faults or --fault: it seeds their draws');
  }
  if (values['request-log'] === '') throw new UsageError('--request-log needs a file name');
  return {
    help: false,
    emulator: {
      port,
      engines: values.engines,
      ...(jobDurationMs === undefined ? {} : { jobDurationMs }),
      ...(jobVisibleAfterMs === undefined ? {} : { jobVisibleAfterMs }),
      ...(values.fleet === undefined ? {} : { fleet: parseFleet(values.fleet) }),
      ...(rules.length > 0 ? { faults: { seed: seed ?? 1, rules } } : {}),
    },
    ...(values['request-log'] === undefined ? {} : { requestLog: values['request-log'] }),
    faultSummary,
  };
}

/** `instances,usersPerInstance,starrocks,clickhouse,oceanbase`, as the crash suite's DBPASS_CRASH_FLEET. */
export function parseFleet(text: string): FleetSize {
  const parts = text.split(',').map((part) => wholeNumber(part.trim(), 0, MAX_FLEET));
  if (parts.length !== FLEET_KEYS.length || parts.some((part) => part === undefined))
    throw new UsageError(
      `--fleet must be five whole numbers from 0 to ${MAX_FLEET} separated by commas, ` +
        `instances,usersPerInstance,starrocks,clickhouse,oceanbase (such as 1,25,11,11,11), not ${quote(text)}`,
    );
  return Object.fromEntries(FLEET_KEYS.map((key, index) => [key, parts[index]!])) as FleetSize;
}

function readArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '8080' },
        engines: { type: 'string', default: 'memory' },
        fleet: { type: 'string' },
        'job-duration-ms': { type: 'string' },
        'job-visible-after-ms': { type: 'string' },
        faults: { type: 'string' },
        fault: { type: 'string', multiple: true, default: [] },
        'fault-seed': { type: 'string' },
        'request-log': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(parseArgsProblem(error as NodeJS.ErrnoException));
  }
}

/** node:util's parse errors, in one short line. */
function parseArgsProblem(error: NodeJS.ErrnoException): string {
  const named = /'([^']+)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${named ?? error.message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quote(named ?? '')}: every setting is an option, such as --port 8080`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (named?.endsWith(' <value>')) return `${named.slice(0, -' <value>'.length)} needs a value`;
      if (error.message.includes('ambiguous')) return `${named} needs a value`;
      return error.message.split('\n')[0]!;
    default:
      return error.message.split('\n')[0]!;
  }
}

const quote = (text: string) => JSON.stringify(text);
