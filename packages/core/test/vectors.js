import { readFileSync } from 'node:fs';
import path from 'node:path';
export const vectorsFile = path.resolve(import.meta.dirname, '../../../docs/reference/vectors/huawei-aksk.json');
export const signingVectors = JSON.parse(readFileSync(vectorsFile, 'utf8')).vectors;
