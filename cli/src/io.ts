// What a command may touch of the outside world. main() builds the real one; tests pass their own.
import os from "node:os";
import { readStdin } from "./stdin";

export type Io = {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Bold and colour only for a terminal (and never with NO_COLOR). */
  color: boolean;
  homedir: string;
  platform: NodeJS.Platform;
  /** Opens a URL in the user's browser; failures are ignored (the URL is printed too). */
  openBrowser: (url: string) => void;
  /** All of standard input, or (from a terminal) one line typed after `prompt` without echo. */
  readStdin: (prompt: string) => Promise<string>;
};

export function processIo(): Io {
  const env = process.env;
  return {
    env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !env.NO_COLOR && env.TERM !== "dumb",
    homedir: os.homedir(),
    platform: process.platform,
    openBrowser: () => {},
    readStdin,
  };
}
