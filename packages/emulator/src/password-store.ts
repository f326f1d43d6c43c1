import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A password kept as a salted SHA-256 hash, never in clear. */
export interface StoredPassword {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export function hashPassword(password: string): StoredPassword {
  const salt = randomBytes(16);
  return { salt, hash: createHash('sha256').update(salt).update(password).digest() };
}

export function passwordMatches(stored: StoredPassword, password: string): boolean {
  return timingSafeEqual(stored.hash, createHash('sha256').update(stored.salt).update(password).digest());
}
