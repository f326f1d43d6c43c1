import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The on-disk envelope: AES-256-GCM over the whole document, a fresh IV per write. */
interface Envelope {
  readonly format: 'dbpass-store-encrypted';
  readonly alg: 'A256GCM';
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

const AAD = Buffer.from('dbpass-store v1');

export class StoreDecryptError extends Error {
  override name = 'StoreDecryptError';
}

export function encrypt(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const envelope: Envelope = {
    format: 'dbpass-store-encrypted',
    alg: 'A256GCM',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope)}\n`;
}

export function decrypt(text: string, key: Buffer, where: string): string {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(text) as Envelope;
  } catch {
    throw new StoreDecryptError(`${where}: not a dbpass store file`);
  }
  if (envelope?.format !== 'dbpass-store-encrypted' || envelope.alg !== 'A256GCM')
    throw new StoreDecryptError(`${where}: not a dbpass store file`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64')).setAAD(AAD);
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new StoreDecryptError(`${where}: cannot decrypt (wrong key, or the file was altered)`);
  }
}
