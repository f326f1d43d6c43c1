/** Where the CLI reads and writes: the process's streams, or a test's. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Whether stderr is a terminal that understands cursor movement (progress is shown only then). The CLI prints no
   * colour at all, so NO_COLOR and FORCE_COLOR hold trivially; the progress line is not colour.
   */
  readonly isTTY: boolean;
}

/**
 * Writes to a stream that may be closed under it (`dbpass --json rotate | head -1`): once a write fails, later
 * ones are dropped. Output never decides a run: a rotation whose reader went away finishes as it would have.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (closed || stream.destroyed) return;
    try {
      stream.write(text);
    } catch {
      closed = true;
    }
  };
}

export const processIo = (): CliIo => ({
  stdout: writerTo(process.stdout),
  stderr: writerTo(process.stderr),
  env: process.env,
  // A dumb terminal (Emacs shell, some CI log viewers) would show the progress line's erase-line codes as text.
  isTTY: Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb',
});
