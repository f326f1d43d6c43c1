/**
 * A secret's text as applications read it. AWS's rotation functions and client libraries keep a database secret as
 * a JSON object (`{"engine","host","port","username","password","dbname"}`); anything else is the password itself.
 */

type JsonObject = Record<string, unknown>;

function jsonObject(text: string): JsonObject | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the text is a JSON object: then the password is one of its members, never the whole text. */
export const isJsonSecret = (text: string): boolean => jsonObject(text) !== undefined;

/**
 * The password in a secret's text: the string at `field` of a JSON object, else the whole text; undefined for a
 * JSON object without a string at `field` (the text is not a password, and which member is cannot be guessed).
 */
export function passwordIn(text: string, field: string): string | undefined {
  const object = jsonObject(text);
  if (object === undefined) return text;
  const value = Object.hasOwn(object, field) ? object[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * `text` with only the value of `field` replaced by `password`: every other byte (member order, spacing, escapes,
 * numbers as written) stays as it was, which a parse and re-serialise would not keep. A text that is not a JSON
 * object is a plain password and is replaced whole.
 */
export function withPassword(text: string, field: string, password: string): string {
  if (passwordIn(text, field) === undefined) throw new Error(`the secret is JSON without a string at "${field}"`);
  return isJsonSecret(text) ? withMember(text, field, password) : password;
}

/** The string at `field` of a JSON object's text; undefined for plain text or a member that is not a string. */
export function stringMember(text: string, field: string): string | undefined {
  const object = jsonObject(text);
  const value = object !== undefined && Object.hasOwn(object, field) ? object[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A JSON object's text with the string at `field` set to `value`: replaced in place when the member is there, else
 * added as the last member; every other byte stays as it was.
 */
export function withMember(text: string, field: string, value: string): string {
  if (!isJsonSecret(text)) throw new Error(`the secret is not a JSON object, so it has no "${field}"`);
  const token = stringToken(value, isAscii(text));
  // JSON.parse keeps the last of duplicate members, so that is the one applications read.
  const member = topLevelMembers(text)
    .filter((candidate) => candidate.key === field)
    .at(-1);
  if (member) return text.slice(0, member.start) + token + text.slice(member.end);
  const last = topLevelMembers(text).at(-1);
  const at = last ? last.end : text.indexOf('{') + 1;
  return `${text.slice(0, at)}${last ? ',' : ''}${stringToken(field, isAscii(text))}:${token}${text.slice(at)}`;
}

const isAscii = (text: string): boolean => !/[\u0080-\uffff]/.test(text);

/** `value` as a JSON string token; in an all-ASCII text (`json.dumps` writes `\u` escapes), kept ASCII. */
function stringToken(value: string, ascii: boolean): string {
  const token = JSON.stringify(value);
  return ascii
    ? token.replace(/[\u0080-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : token;
}

interface Member {
  readonly key: string;
  /** Where the member's value token starts and ends in the text. */
  readonly start: number;
  readonly end: number;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, index: number): number {
  let at = index;
  while (WHITESPACE.has(text[at]!)) at++;
  return at;
}

/** The end of the string token that starts at `index` (its opening quote). */
function stringEnd(text: string, index: number): number {
  let at = index + 1;
  while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
  return at + 1;
}

/** The end of the value token that starts at `index`: a string, an object or array (nested), a number or literal. */
function valueEnd(text: string, index: number): number {
  const first = text[index];
  if (first === '"') return stringEnd(text, index);
  if (first === '{' || first === '[') {
    let depth = 0;
    let at = index;
    do {
      const character = text[at];
      if (character === '"') {
        at = stringEnd(text, at);
        continue;
      }
      if (character === '{' || character === '[') depth++;
      else if (character === '}' || character === ']') depth--;
      at++;
    } while (depth > 0);
    return at;
  }
  let at = index;
  while (at < text.length && !WHITESPACE.has(text[at]!) && text[at] !== ',' && text[at] !== '}') at++;
  return at;
}

/** The members of a JSON object's text (already known to parse), with where each value is written. */
function topLevelMembers(text: string): Member[] {
  const members: Member[] = [];
  let at = skipWhitespace(text, skipWhitespace(text, 0) + 1);
  while (text[at] === '"') {
    const keyEnd = stringEnd(text, at);
    const key = JSON.parse(text.slice(at, keyEnd)) as string;
    const start = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const end = valueEnd(text, start);
    members.push({ key, start, end });
    at = skipWhitespace(text, end);
    if (text[at] === ',') at = skipWhitespace(text, at + 1);
  }
  return members;
}
