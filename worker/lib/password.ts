// Password hashing with PBKDF2-SHA256 through WebCrypto, the slow KDF that workerd runs natively.
// workerd refuses more than 100,000 iterations; the count is stored in each hash so it can be raised
// later (a login with an older count re-hashes).
import { bytesToBase64, base64ToBytes, timingSafeEqual } from './bytes';

export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

/** Hashes a password as `pbkdf2_sha256$<iterations>$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PASSWORD_ITERATIONS);
  return `pbkdf2_sha256$${PASSWORD_ITERATIONS}$${bytesToBase64(salt)}$${bytesToBase64(hash)}`;
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltB64, hashB64] = stored.split('$');
  const iterations = Number(iter);
  if (scheme !== 'pbkdf2_sha256' || !Number.isInteger(iterations) || iterations < 1 || !saltB64 || !hashB64) return false;
  const expected = base64ToBytes(hashB64);
  const actual = await derive(password, base64ToBytes(saltB64), iterations);
  return timingSafeEqual(actual, expected);
}

/** True when a hash was made with weaker parameters than today's and should be redone at next login. */
export function needsRehash(stored: string): boolean {
  const [scheme, iter] = stored.split('$');
  return scheme !== 'pbkdf2_sha256' || Number(iter) < PASSWORD_ITERATIONS;
}

// A hash of a random password, checked when the account does not exist so a login for an unknown
// email takes as long as one with a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
