import type { CliIo } from './cli-io.js';

/**
 * Characters a terminal acts on instead of showing: C0 and C1 controls and DEL (an ESC from a store's id starts an
 * escape sequence), line and paragraph separators, and bidirectional overrides (which reorder what is shown).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it exists to find.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, less the C0 controls that JSON.stringify escapes already. */
const UNESCAPED_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (character: string, digits: number) => character.charCodeAt(0).toString(16).padStart(digits, '0');

/** Text from a store or a server made safe to show: every such character written as `\xNN` or `\uNNNN`. */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (character) =>
    character.charCodeAt(0) <= 0xff ? `\\x${hex(character, 2)}` : `\\u${hex(character, 4)}`,
  );

/** `printable` for each line of `text`, its line breaks kept. */
export const printableLines = (text: string): string => text.split('\n').map(printable).join('\n');

/** JSON text with those characters escaped as `\uNNNN`: the same JSON value, nothing for a terminal to act on. */
export const printableJson = (json: string): string =>
  json.replace(UNESCAPED_IN_JSON, (character) => `\\u${hex(character, 4)}`);

/** The command's output streams, every line made printable (JSON lines escaped without changing their value). */
export const printableIo = (io: CliIo, json: boolean): CliIo => ({
  ...io,
  stdout: (text) => io.stdout(json ? printableJson(text) : printableLines(text)),
  stderr: (text) => io.stderr(printableLines(text)),
});
