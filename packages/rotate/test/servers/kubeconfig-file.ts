import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a kubeconfig naming one cluster and a token user into `dir`, and returns its path. `cluster` is the
 * cluster's YAML flow mapping (to add `insecure-skip-tls-verify` or a CA), or just its server's URL.
 */
export async function writeKubeconfig(
  dir: string,
  options: { server?: string; cluster?: string; token?: string; name?: string },
): Promise<string> {
  const file = path.join(dir, options.name ?? 'config');
  const cluster = options.cluster ?? `{ server: "${options.server}" }`;
  await writeFile(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: here',
      `clusters: [{ name: here, cluster: ${cluster} }]`,
      `users: [{ name: me, user: { token: "${options.token ?? 'not-a-real-token'}" } }]`,
      'contexts: [{ name: here, context: { cluster: here, user: me } }]',
    ].join('\n'),
  );
  return file;
}
