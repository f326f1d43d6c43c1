import { freePort } from '@dbpass/emulator';
import { startServer } from './server-process.js';
import { serverProgram } from './servers-dir.js';

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
