import { OPERATION_IDS } from './fault-spec.js';

/** What a command-line error prints after its one line. */
export const USAGE = `Usage: dbpass-emulator [--port 8080] [--engines memory|real] [--fleet i,u,s,c,o]
         [--faults <probability>] [--fault <spec>]... [--fault-seed <n>] [--request-log <file>]
         [--job-duration-ms 1500] [--job-visible-after-ms 300]
Run dbpass-emulator --help for what each option does.`;

export const HELP = `Usage: dbpass-emulator [options]

Runs the Huawei Cloud TaurusDB (with IAM) and OceanBase Cloud emulator on 127.0.0.1 until interrupted
(Ctrl-C or SIGTERM), and prints the endpoint, credentials and ids a plan needs.

Options:
  --port <n>                  port on 127.0.0.1 (default 8080; 0 for any free port)
  --engines memory|real       memory (default): passwords live in the emulator only; real: each instance is
                              a real MariaDB or ClickHouse server on 127.0.0.1 whose passwords change
  --fleet <i,u,s,c,o>         accounts beyond the seed, five whole numbers: extra TaurusDB instances, users on
                              each, StarRocks users, ClickHouse users, OceanBase users (such as 1,25,11,11,11)
  --job-duration-ms <ms>      how long a database-user job runs (default 1500)
  --job-visible-after-ms <ms> how long a new job answers "does not exist" (default 300)
  --faults <probability>      on that share of requests (0 < p <= 1), one of the faults the clouds are known
                              for: 409, 429 (Retry-After: 0), 500, 502, 503, connection reset before or after
                              the operation, answer cut short, an HTML page instead of JSON; and failing, slow
                              or half-applied database-user jobs
  --fault <spec>              one fault rule; repeat for more (they are tried in order, before --faults)
  --fault-seed <n>            seed of the fault draws (default 1): the same seed and requests, the same faults
  --request-log <file>        append one JSON line per request as it is answered: time, method, path,
                              operationId, status, fault (never a header, body or credential); tail -f it
  -h, --help                  this help

A fault spec is comma-separated items: exactly one kind, then any settings.
  kinds:
    status=<400-599>          an error answer in the cloud's format; the operation is not carried out
    latency=<ms>[-<ms>]       a delay before the request is handled (a range is drawn from)
    reset-before              the connection is dropped before the operation is carried out
    reset-after               the operation is carried out, then the connection is dropped
    truncated                 the operation is carried out, its answer cut short
    non-json                  the operation is carried out, the answer is an HTML page
    job-fail                  the database-user job ends Failed
    slow-job=<ms>[-<ms>]      the database-user job runs that long
    partial-batch             the database-user job changes half of its users, then ends Failed
  settings:
    op=<operationId>          only requests of this operation (default: any; job kinds: any of those that
                              create jobs, ResetGaussMySqlDatabasePassword, CreateGaussMySqlDatabaseUser and
                              AddDatabasePermission)
    p=<probability>           chance per matching request (without p or times: the first matching request)
    times=<n>                 at most n requests
    retry-after=<seconds>     with status: the Retry-After header
    code=<error code>         with status: an error code other than the usual one
  such as: --fault status=503,op=ResetGaussMySqlPassword,p=0.5   --fault reset-after,times=2
  operations:
${wrap(OPERATION_IDS.join(', '), '    ')}

Exit status: 0 when stopped by a signal, 1 when it cannot start, 2 for a bad command line.`;

/** `text` broken at spaces into lines of at most 110 characters, each indented. */
function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > 110) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, indent + line].join('\n');
}
