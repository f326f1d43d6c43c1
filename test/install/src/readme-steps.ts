/** The "Try it locally" steps of a README, split where a user splits them. */
export interface TryItLocally {
  /** Everything before the emulator: the install. */
  readonly install: readonly string[];
  /** The line that starts the emulator (it runs until stopped: a second terminal). */
  readonly emulator: string;
  /** Everything after it, in one shell (its `export` and `cd` carry on from line to line). */
  readonly steps: readonly string[];
}

/** The first `sh` block under the `## Try it locally` heading. */
export function tryItLocallyBlock(readme: string): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Try it locally'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no ```sh block under "## Try it locally"');
  return block;
}

export function tryItLocally(readme: string): TryItLocally {
  const lines = tryItLocallyBlock(readme)
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const at = lines.findIndex((line) => line.startsWith('dbpass-emulator'));
  if (at < 0) throw new Error('the steps never start dbpass-emulator');
  return { install: lines.slice(0, at), emulator: lines[at]!, steps: lines.slice(at + 1) };
}
