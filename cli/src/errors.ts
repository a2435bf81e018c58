// Every failure the CLI reports is one of these: a single line on stderr and an exit code.
// 2 is a usage error (bad flags, found before any request), 1 everything else.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = "UsageError";
  }
}

/** Text from a server or a user, made safe for one terminal line: no escapes, no line breaks. */
export function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu, "")
    .trim();
}
