// Reading a secret from standard input (`--connection-string -`), so that it never appears in a
// shell's history or in the process list. Piped in: everything up to end of input. From a
// terminal: one line, typed or pasted without being echoed.
import { CliError } from "./errors";

export async function readStdin(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = "";
    stdin.setEncoding("utf8");
    for await (const chunk of stdin) text += chunk;
    return text;
  }
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let line = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new CliError("Cancelled.", 130));
        if (char === "\u007f" || char === "\b") line = [...line].slice(0, -1).join("");
        else line += char;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.on("data", onData);
    stdin.resume();
  });
}
