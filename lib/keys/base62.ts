// Base62 (0-9, A-Z, a-z) as GitHub's token format uses it: no characters that need escaping in a
// URL, a shell or an .env file, and a double click selects a whole token.
export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * `length` characters drawn uniformly from the base62 alphabet with the platform CSPRNG
 * (Web Crypto, present in Node and browsers). Bytes >= 248 are rejected so that every character
 * has exactly the same probability (248 = 4 * 62).
 */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil((length - out.length) * 1.1) + 4));
    for (const byte of bytes) {
      if (byte >= 248) continue;
      out += BASE62_ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A non-negative integer as base62, left-padded with "0" to `width` characters. */
export function encodeBase62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError("value must be a non-negative safe integer");
  let out = "";
  let rest = value;
  do {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  if (out.length > width) throw new RangeError(`value does not fit in ${width} base62 characters`);
  return out.padStart(width, "0");
}
