// Length limits the schemas enforce, in a module without zod: client components that only need a
// number (a counter, a hint) import it from here, so that importing it does not bring zod (about
// 30 KB gzipped) into every page's first load. lib/schemas/common.ts re-exports both.

export const NAME_MAX_LENGTH = 64;
/** The shortest password accepted (lib/schemas/account.ts). */
export const PASSWORD_MIN_LENGTH = 10;
/** How long an invitation works (lib/schemas/member.ts). */
export const INVITATION_TTL_DAYS = 7;
/** A connection string's limit (lib/schemas/database-connection.ts). */
export const CONNECTION_STRING_MAX_LENGTH = 2048;
