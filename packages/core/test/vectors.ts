import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The AK/SK vectors of docs/reference/vectors/huawei-aksk.json (published by Huawei, or derived and marked so). */
export interface SigningVector {
  name: string;
  source: string;
  published: boolean;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  ak: string;
  sk: string;
  signedHeaders: string;
  hashedCanonicalRequest?: string;
  payloadHash?: string;
  signature: string;
}

export const vectorsFile = resolve(import.meta.dirname, '../../../docs/reference/vectors/huawei-aksk.json');
export const signingVectors: SigningVector[] = JSON.parse(readFileSync(vectorsFile, 'utf8')).vectors;
