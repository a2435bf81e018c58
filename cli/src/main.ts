// Entry point of the bundle: parse, dispatch, and turn every failure into one line and an exit code.
import { parseCommandLine } from "./args";
import { CliError, oneLine } from "./errors";
import { commandHelp, globalHelp, groupHelp, VERSION } from "./help";
import { processIo, type Io } from "./io";
import { openInBrowser } from "./browser";

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "version") io.stdout(`${VERSION}\n`);
    else if (parsed.kind === "help") {
      io.stdout(parsed.command ? commandHelp(parsed.command) : parsed.group ? groupHelp(parsed.group) : globalHelp());
    } else {
      // Loaded only now: the commands bring zod and the HTTP client, which help does not need.
      const { runCommand } = await import("./commands");
      await runCommand(parsed.command, parsed.values, io);
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    // A bug of ours: still one line, no stack trace (PLATFORM_DEBUG=1 shows it).
    if (io.env.PLATFORM_DEBUG) io.stderr(`${(error as Error)?.stack ?? String(error)}\n`);
    io.stderr(`Unexpected error: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    return 1;
  }
}

function defaultIo(): Io {
  // `platform … | head -1` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  return { ...processIo(), openBrowser: (url) => openInBrowser(url) };
}
