import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@dbpass/emulator';
import type { ApplicationView } from '../store-contract.js';
import { startServer } from './server-process.js';
import { serverProgram, serversDir } from './servers-dir.js';

export interface MotoServer {
  readonly endpoint: string;
  /** An IAM user's key pair that moto accepts: it checks the signature of every request after the first three. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  stop(): Promise<void>;
}

const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

/** An IAM Query API call among the first three, which moto serves before it starts checking signatures. */
async function iam(endpoint: string, parameters: Record<string, string>): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization:
        'AWS4-HMAC-SHA256 Credential=bootstrap/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...parameters }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto IAM ${parameters.Action}: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

const xmlField = (xml: string, field: string) => new RegExp(`<${field}>([^<]+)</${field}>`).exec(xml)?.[1] ?? '';

/** `moto_server` on a free loopback port with IAM authentication on, and one admin user to sign with. */
export async function startMoto(): Promise<MotoServer> {
  const program = serverProgram('moto_server');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const server = await startServer('moto_server', program, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { PATH: process.env.PATH ?? '', INITIAL_NO_AUTH_ACTION_COUNT: '3', MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
    ready: async () => (await fetch(`${endpoint}/moto-api/`)).status < 500,
  });
  try {
    await iam(endpoint, { Action: 'CreateUser', UserName: 'dbpass-rotation' });
    await iam(endpoint, {
      Action: 'PutUserPolicy',
      UserName: 'dbpass-rotation',
      PolicyName: 'all',
      PolicyDocument: ADMIN_POLICY,
    });
    const key = await iam(endpoint, { Action: 'CreateAccessKey', UserName: 'dbpass-rotation' });
    return {
      endpoint,
      credentials: { accessKeyId: xmlField(key, 'AccessKeyId'), secretAccessKey: xmlField(key, 'SecretAccessKey') },
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * An application's side of Secrets Manager, in boto3 (moto's own dependency, from the same venv): one Python process
 * serving JSON requests line by line, so that a check after every kill costs no interpreter start. The secret key
 * goes in on stdin, never in argv.
 */
const BOTO3_APPLICATION = String.raw`
import json, re, sys
import boto3

endpoint, access_key = sys.argv[1], sys.argv[2]
client = boto3.client('secretsmanager', region_name='us-east-1', endpoint_url=endpoint,
                      aws_access_key_id=access_key, aws_secret_access_key=sys.stdin.readline().rstrip('\n'))
DESCRIPTION = 'Orders database login (payments team: ask #payments-oncall before changing)'
TAGS = [{'Key': 'team', 'Value': 'payments'}, {'Key': 'cost-center', 'Value': '4711'}]
WHITESPACE = re.compile(r'[ \t\n\r]*')
decoder = json.JSONDecoder()

def skip(text, at):
    return WHITESPACE.match(text, at).end()

def members(text):
    """Each member of a JSON object's text as [key, the exact text of its value]."""
    at = skip(text, skip(text, 0) + 1)
    found = []
    while text[at] == '"':
        key, at = decoder.raw_decode(text, at)
        start = skip(text, skip(text, at) + 1)
        _, end = decoder.raw_decode(text, start)
        found.append([key, text[start:end]])
        at = skip(text, end)
        if text[at] == ',':
            at = skip(text, at + 1)
    return found

def json_object(text):
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None

def current_text(name):
    try:
        return client.get_secret_value(SecretId=name, VersionStage='AWSCURRENT')['SecretString']
    except client.exceptions.ResourceNotFoundException:
        return None

def seed(request):
    # As AWS's rotation function templates keep a database secret: json.dumps of these keys, port a number.
    text = json.dumps({'engine': 'mysql', 'host': 'orders.cluster-c9akciq32.eu-west-1.rds.amazonaws.com',
                       'port': 3306, 'username': request['username'], request['field']: request['password'],
                       'dbname': 'orders'}) if request['shape'] == 'json' else request['password']
    try:
        client.create_secret(Name=request['name'], SecretString=text, Description=DESCRIPTION, Tags=TAGS)
    except client.exceptions.ResourceExistsException:
        client.put_secret_value(SecretId=request['name'], SecretString=text)

def read(request):
    text = current_text(request['name'])
    if text is None:
        return None
    value = json_object(text)
    return text if value is None else value[request['field']]

def unrelated(request):
    try:
        described = client.describe_secret(SecretId=request['name'])
    except client.exceptions.ResourceNotFoundException:
        return '(no secret)'
    text = current_text(request['name'])
    fields = None if json_object(text) is None else [m for m in members(text) if m[0] != request['field']]
    return json.dumps({'fields': fields, 'Description': described.get('Description'),
                       'Tags': sorted(described.get('Tags') or [], key=lambda tag: tag['Key']),
                       'KmsKeyId': described.get('KmsKeyId'), 'RotationEnabled': described.get('RotationEnabled')},
                      sort_keys=True)

OPERATIONS = {'seed': seed, 'read': read, 'unrelated': unrelated}
for line in sys.stdin:
    request = json.loads(line)
    try:
        reply = {'id': request['id'], 'value': OPERATIONS[request['op']](request)}
    except Exception as error:
        reply = {'id': request['id'], 'error': type(error).__name__ + ': ' + str(error)}
    print(json.dumps(reply), flush=True)
`;

export interface MotoApplicationOptions {
  /** The secret an account's password is kept in. */
  readonly nameOf: (accountId: string) => string;
  /** `json`: AWS's database secret (the default); `plain`: the password is the whole SecretString. */
  readonly shape?: 'json' | 'plain';
  /** The JSON key of the password (default `password`). */
  readonly field?: string;
}

interface Reply {
  readonly id: number;
  readonly value?: string | null;
  readonly error?: string;
}

/** The boto3 process: started on first use, answering requests in any order by id. */
function boto3Client(moto: MotoServer) {
  let child: ChildProcessWithoutNullStreams | undefined;
  let stderr = '';
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: string | undefined) => void; reject: (error: Error) => void }>();
  const start = () => {
    const python = path.join(serversDir, 'store-servers-venv', 'bin', 'python');
    const started = spawn(python, ['-u', '-c', BOTO3_APPLICATION, moto.endpoint, moto.credentials.accessKeyId], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    started.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    createInterface({ input: started.stdout }).on('line', (line) => {
      const reply = JSON.parse(line) as Reply;
      const request = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) request?.reject(new Error(`boto3: ${reply.error}`));
      else request?.resolve(reply.value ?? undefined);
    });
    const failAll = (reason: string) => {
      for (const request of waiting.values()) request.reject(new Error(`boto3 helper ${reason}: ${stderr}`));
      waiting.clear();
    };
    started.on('exit', (code) => failAll(`exited ${code}`));
    started.on('error', (error) => failAll(`failed (${error.message})`));
    started.stdin.write(`${moto.credentials.secretAccessKey}\n`);
    return started;
  };
  return {
    call(request: Record<string, string>): Promise<string | undefined> {
      child ??= start();
      const id = nextId++;
      const reply = new Promise<string | undefined>((resolve, reject) => waiting.set(id, { resolve, reject }));
      child.stdin.write(`${JSON.stringify({ ...request, id })}\n`);
      return reply;
    },
    async close(): Promise<void> {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * How applications hold and read passwords in Secrets Manager, through boto3: `seed` creates the secret as AWS's
 * rotation templates keep it (engine, host, port as a number, username, password, dbname) with an owner's
 * Description and tags, or a plain SecretString; `read` takes AWSCURRENT's password (the field of a JSON object,
 * else the whole text: a secret dbpass creates is plain); `unrelated` is every other JSON member with the exact
 * text of its value, in order, and the Description, tags, KMS key and rotation setting.
 */
export function motoApplication(
  moto: MotoServer,
  options: MotoApplicationOptions,
): ApplicationView & { close(): Promise<void> } {
  const client = boto3Client(moto);
  const shape = options.shape ?? 'json';
  const field = options.field ?? 'password';
  const request = (op: string, accountId: string) => ({ op, name: options.nameOf(accountId), field, shape });
  return {
    async seed(accountId, password) {
      const username = accountId.split('/').pop()!.split('@')[0]!;
      await client.call({ ...request('seed', accountId), username, password });
    },
    read: (accountId) => client.call(request('read', accountId)),
    unrelated: async (accountId) => (await client.call(request('unrelated', accountId)))!,
    close: () => client.close(),
  };
}
