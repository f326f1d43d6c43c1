import { oceanBaseService } from '@dbpass/client-oceanbase';
import { taurusDbService } from '@dbpass/client-taurusdb';
import { type Fault, type FaultKind, JOB_KINDS, JOB_OPERATIONS } from '../faults.js';
import { UsageError } from './usage-error.js';

/** Every operation a fault can name: IAM's token request, then each cloud's spec operations. */
export const OPERATION_IDS: readonly string[] = [
  'KeystoneCreateUserTokenByPassword',
  ...Object.keys(taurusDbService.operations),
  ...Object.keys(oceanBaseService.operations),
];

/** `A, B and C`. */
const listed = (names: readonly string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
const BARE_KINDS: ReadonlySet<string> = new Set([
  'reset-before',
  'reset-after',
  'truncated',
  'non-json',
  'job-fail',
  'partial-batch',
]);
const VALUED_KINDS: ReadonlySet<string> = new Set(['status', 'latency', 'slow-job']);
const SETTINGS: ReadonlySet<string> = new Set(['op', 'p', 'times', 'retry-after', 'code']);
const MAX_LATENCY_MS = 600_000;

/**
 * One `--fault` rule: comma-separated `key=value` items and bare kinds, exactly one kind, such as
 * `status=503,op=ResetGaussMySqlPassword,p=0.5` or `reset-after,times=2`. See the help text for every key.
 */
export function parseFaultSpec(spec: string): Fault {
  const fail = (rule: string): never => {
    throw new UsageError(`--fault ${JSON.stringify(spec)}: ${rule}`);
  };
  const items = new Map<string, string | undefined>();
  for (const item of spec.split(',')) {
    const equals = item.indexOf('=');
    const key = (equals < 0 ? item : item.slice(0, equals)).trim();
    const value = equals < 0 ? undefined : item.slice(equals + 1).trim();
    if (key === '') fail('has an empty item (items are separated by single commas)');
    if (!BARE_KINDS.has(key) && !VALUED_KINDS.has(key) && !SETTINGS.has(key))
      fail(
        `unknown item ${JSON.stringify(key)}; kinds: ${[...VALUED_KINDS].map((k) => `${k}=`).join(', ')}, ${[...BARE_KINDS].join(', ')}; settings: ${[...SETTINGS].map((k) => `${k}=`).join(', ')}`,
      );
    if (items.has(key)) fail(`gives ${key} twice`);
    if (BARE_KINDS.has(key) && value !== undefined) fail(`${key} takes no value`);
    if (!BARE_KINDS.has(key) && (value === undefined || value === ''))
      fail(`${key} needs a value, as in ${key}=${example(key)}`);
    items.set(key, value);
  }
  const kinds = [...items.keys()].filter((key) => BARE_KINDS.has(key) || VALUED_KINDS.has(key)) as FaultKind[];
  if (kinds.length === 0) fail('names no fault kind (such as status=503 or reset-after)');
  if (kinds.length > 1) fail(`names ${kinds.length} kinds (${kinds.join(', ')}); give one per --fault`);
  const kind = kinds[0]!;
  const value = (key: string) => items.get(key);
  const fault: { -readonly [K in keyof Fault]: Fault[K] } = { kind };

  if (kind === 'status')
    fault.status = wholeNumber(value('status')!, 400, 599) ?? fail('status must be an HTTP status from 400 to 599');
  if (kind === 'latency' || kind === 'slow-job')
    fault.latencyMs =
      milliseconds(value(kind)!) ??
      fail(`${kind} must be milliseconds (0 to ${MAX_LATENCY_MS}) or a range such as 100-5000`);
  for (const key of ['retry-after', 'code'])
    if (items.has(key) && kind !== 'status') fail(`${key} goes with status= only`);
  if (items.has('retry-after'))
    fault.retryAfter = String(
      wholeNumber(value('retry-after')!, 0, 86_400) ?? fail('retry-after must be whole seconds from 0 to 86400'),
    );
  if (items.has('code')) {
    const code = value('code')!;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(code))
      fail('code must be letters, digits, dots, dashes or underscores (such as DBS.200011)');
    fault.code = code;
  }
  const operationId = value('op');
  if (operationId !== undefined && !OPERATION_IDS.includes(operationId))
    fail(`op must be one of ${OPERATION_IDS.join(', ')}, not ${JSON.stringify(operationId)}`);
  // Without op, a job kind waits for the next request that creates a job (the injector passes over the others).
  if (JOB_KINDS.has(kind) && operationId !== undefined && !JOB_OPERATIONS.has(operationId))
    fail(`${kind} changes jobs, which only ${listed([...JOB_OPERATIONS])} create`);
  if (operationId !== undefined) fault.operationId = operationId;
  if (items.has('p'))
    fault.probability = probability(value('p')!) ?? fail('p must be a probability above 0 and at most 1 (such as 0.5)');
  if (items.has('times'))
    fault.times =
      wholeNumber(value('times')!, 1, Number.MAX_SAFE_INTEGER) ?? fail('times must be a whole number, 1 or more');
  return fault;
}

const example = (key: string) =>
  ({
    status: '503',
    latency: '2000',
    'slow-job': '100-5000',
    op: 'ResetGaussMySqlDatabasePassword',
    p: '0.5',
    times: '3',
    'retry-after': '1',
    code: 'DBS.200011',
  })[key] ?? '';

/** A whole number in [least, most] written in decimal digits, or undefined. */
export function wholeNumber(text: string, least: number, most: number): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const number = Number(text);
  return number >= least && number <= most ? number : undefined;
}

/** A probability in (0, 1], or undefined. */
export function probability(text: string): number | undefined {
  if (!/^(0|1)?(\.\d+)?$/.test(text) || text === '' || text === '.') return undefined;
  const number = Number(text);
  return number > 0 && number <= 1 ? number : undefined;
}

function milliseconds(text: string): number | readonly [number, number] | undefined {
  const [least, most, ...rest] = text.split('-');
  if (rest.length > 0) return undefined;
  const low = wholeNumber(least!, 0, MAX_LATENCY_MS);
  if (most === undefined) return low;
  const high = wholeNumber(most, 0, MAX_LATENCY_MS);
  return low !== undefined && high !== undefined && low <= high ? [low, high] : undefined;
}
