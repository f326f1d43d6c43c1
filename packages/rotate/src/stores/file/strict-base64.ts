const ALPHABET = { base64: /^[A-Za-z0-9+/]*={0,2}$/, base64url: /^[A-Za-z0-9_-]*$/ } as const;

/**
 * The bytes `text` encodes, only when `text` is exactly their canonical encoding (base64 padded, base64url not):
 * Buffer.from skips characters it does not know and ignores stray bits, so many texts would decode to one key.
 */
export function decodeBase64Strict(text: string, variant: 'base64' | 'base64url'): Buffer | undefined {
  if (!ALPHABET[variant].test(text)) return undefined;
  const bytes = Buffer.from(text, variant);
  return bytes.toString(variant) === text ? bytes : undefined;
}
