// Strict command-line parsing with node:util parseArgs. parseArgs' own strict mode reports problems
// in wording of its own, so it runs in tokens mode and this file checks the tokens against the
// command's flags, answering in the anchor's words: `Unknown command or parameter "<x>"`,
// `Missing --environment or -e parameter`. All of these are usage errors (exit code 2).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors";
import { COMMANDS, findCommand, findGroup, flagLabel, type CommandSpec, type FlagSpec } from "./specs";

export type Values = Record<string, string | boolean | undefined>;

export type Parsed =
  | { kind: "help"; group?: string; command?: CommandSpec }
  | { kind: "version" }
  | { kind: "command"; command: CommandSpec; values: Values };

// Every flag of every command; a name has the same type everywhere, so one table finds the
// positionals (the command words) before the command, and so its own flags, are known.
const ALL_FLAGS = new Map<string, FlagSpec>();
for (const command of COMMANDS) for (const flag of command.flags) ALL_FLAGS.set(flag.name, flag);
ALL_FLAGS.set("version", { name: "version", short: "v", type: "boolean", description: "" });

const PARSE_OPTIONS: NonNullable<ParseArgsConfig["options"]> = Object.fromEntries(
  [...ALL_FLAGS.values()].map((flag) => [flag.name, flag.short ? { type: flag.type, short: flag.short } : { type: flag.type }]),
);

const unknown = (text: string) => new UsageError(`Unknown command or parameter "${text}"`);

export function parseCommandLine(argv: string[]): Parsed {
  const { tokens } = parseArgs({
    args: argv,
    options: PARSE_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const words: string[] = [];
  let help = false;
  let version = false;
  for (const token of tokens) {
    if (token.kind === "positional") words.push(token.value);
    else if (token.kind === "option" && token.name === "help") help = true;
    else if (token.kind === "option" && token.name === "version") version = true;
  }

  // `platform help [group [action]]` is the same as --help.
  if (words[0] === "help") {
    words.shift();
    help = true;
  }

  const [groupName, actionName, ...extra] = words;
  if (groupName === undefined) {
    if (version && !help) return { kind: "version" };
    if (help || tokens.length === 0) return { kind: "help" };
    // Flags without a command: name the first one.
    const first = tokens.find((token) => token.kind === "option");
    throw unknown(first && first.kind === "option" ? first.rawName : argv[0]!);
  }
  if (!findGroup(groupName)) throw unknown(groupName);
  if (actionName === undefined) return { kind: "help", group: groupName };
  const command = findCommand(groupName, actionName);
  if (!command) throw unknown(actionName);
  if (help) return { kind: "help", group: groupName, command };
  if (extra.length > 0) throw unknown(extra[0]!);

  const values: Values = {};
  for (const token of tokens) {
    if (token.kind === "option-terminator") throw unknown("--");
    if (token.kind !== "option") continue;
    const flag = command.flags.find((candidate) => candidate.name === token.name);
    if (!flag) throw unknown(token.rawName);
    if (values[flag.name] !== undefined) {
      throw new UsageError(`The ${flagLabel(flag)} parameter was given more than once`);
    }
    if (flag.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`The ${token.rawName} parameter does not take a value`);
      values[flag.name] = true;
    } else {
      // parseArgs takes the next word as the value even when it is another flag (`-n --json`);
      // a value that starts with "-" must be written inline (`--name=-x`). A lone "-" is a value:
      // "read it from stdin" (`--connection-string -`).
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-") && token.value !== "-")) {
        throw new UsageError(`Missing value for the ${flagLabel(flag)} parameter`);
      }
      values[flag.name] = token.value;
    }
  }

  for (const flag of command.flags) {
    if (flag.required && values[flag.name] === undefined) throw new UsageError(`Missing ${flagLabel(flag)} parameter`);
  }
  return { kind: "command", command, values };
}
