import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { PasswordPolicy } from '../src/policy-rules.js';

export interface SourcePolicy {
  readonly service: string;
  readonly operationId: string;
  readonly policy: PasswordPolicy;
}

function collect(node: unknown, found: PasswordPolicy[]): PasswordPolicy[] {
  if (typeof node !== 'object' || node === null) return found;
  const policy = (node as Record<string, unknown>)['x-password-policy'];
  if (policy) found.push(policy as PasswordPolicy);
  for (const child of Object.values(node)) collect(child, found);
  return found;
}

/** Every `x-password-policy` written in the source specs (specs/<service>/paths/*.yaml), read as plain YAML. */
export async function sourcePolicies(specsDir: string, service: string): Promise<SourcePolicy[]> {
  const dir = path.join(specsDir, service, 'paths');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.yaml'));
  const perFile = await Promise.all(
    files.map(async (file) => {
      const document = YAML.parse(await readFile(path.join(dir, file), 'utf8')) as Record<
        string,
        { operationId?: string }
      >;
      return Object.values(document).flatMap((operation) =>
        collect(operation, []).map((policy) => ({ service, operationId: String(operation.operationId), policy })),
      );
    }),
  );
  return perFile.flat();
}
