/** The JSON line an error ends a command with under `--json`: `{"type":"error","name":...,"message":...}`. */
export const errorLine = (fields: {
  readonly name: string;
  readonly message: string;
  readonly [key: string]: unknown;
}) => `${JSON.stringify({ type: 'error', ...fields })}\n`;
