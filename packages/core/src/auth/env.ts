const processEnv = (): Record<string, string | undefined> | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;

/** An environment variable, where the runtime has them (Node, Bun, Deno with --allow-env); never in a Worker. */
export function env(name: string): string | undefined {
  let value: string | undefined;
  try {
    value = processEnv()?.[name];
  } catch {
    return undefined; // Deno without --allow-env throws on reading a variable
  }
  return value === '' ? undefined : value;
}

/** Why a credential is missing: the variable is unset, or the runtime has no environment variables at all. */
export function missingCredential(what: string, variable: string): string {
  return processEnv()
    ? `${what} is required: pass it, or set ${variable}`
    : `${what} is required: pass it explicitly (this runtime has no environment variables, so ${variable} cannot be read; in a Worker, take it from the env bindings)`;
}
