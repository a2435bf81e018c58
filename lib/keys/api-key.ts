// API keys: what services verify. `pcsk_` ("platform console secret key") + the shared secret
// format of ./secret.ts, i.e. /^pcsk_[0-9A-Za-z]{38}$/ with a CRC32 checksum.
import { digestSecret, secretKind, type GeneratedSecret, type SecretFormatCheck } from "./secret";

const apiKeys = secretKind("pcsk_");

export const API_KEY_PREFIX = apiKeys.prefix;
export const API_KEY_PATTERN = apiKeys.pattern;
export const API_KEY_LENGTH = apiKeys.length;

export type GeneratedApiKey = GeneratedSecret;
export type ApiKeyFormatCheck = SecretFormatCheck;

export const generateApiKey = (): GeneratedApiKey => apiKeys.generate();
/** Cheap, database-free check that a string can be one of our keys. */
export const checkApiKeyFormat = (candidate: unknown): ApiKeyFormatCheck => apiKeys.check(candidate);
export const digestApiKey = digestSecret;
export const apiKeyHint = (plaintext: string): string => apiKeys.hint(plaintext);
