/** Replaces every occurrence of the secrets in a text (a verifier's or a server's message) before it is logged. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join('[redacted]');
  return result;
}

export const errorText = (error: unknown, secrets: ReadonlyArray<string | undefined>): string =>
  redact(error instanceof Error ? error.message : String(error), secrets);
