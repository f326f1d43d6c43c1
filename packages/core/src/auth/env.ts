/** An environment variable, where the runtime has them (Node, Bun, Deno with --allow-env). */
export function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === '' ? undefined : value;
}
