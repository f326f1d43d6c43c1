/** Characters a Secrets Manager name may hold; every other one (and `+` itself) is written as `+XX`. */
const PLAIN = /[A-Za-z0-9/_=.@-]/;

export function secretName(prefix: string, accountId: string): string {
  let name = prefix;
  for (const character of accountId) {
    name += PLAIN.test(character)
      ? character
      : [...Buffer.from(character)].map((byte) => `+${byte.toString(16).padStart(2, '0')}`).join('');
  }
  return name;
}

export function accountIdOf(prefix: string, name: string): string | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const encoded = name.slice(prefix.length);
  const bytes: number[] = [];
  for (let index = 0; index < encoded.length; index++) {
    if (encoded[index] === '+') {
      bytes.push(Number.parseInt(encoded.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(encoded.charCodeAt(index));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Account ids start with a letter or digit (target names do), so names under `<prefix>.` are dbpass's own. */
const RESERVED = '.';
export const LOCK_ID = `${RESERVED}lock`;
const METADATA_FOLDER = `${RESERVED}meta/`;

/** The secret that holds dbpass's metadata of an account's secret (see `AwsSecretsManagerStore`). */
export const metadataSecretName = (prefix: string, accountId: string): string =>
  secretName(prefix, `${METADATA_FOLDER}${accountId}`);

/** Whether a name under the prefix is dbpass's own (the lock, a metadata secret) rather than an account's. */
export const isReservedId = (id: string): boolean => id.startsWith(RESERVED);
