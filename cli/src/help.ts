// Help text: the whole tree, one group, or one command (usage, flags, examples).
import { COMMANDS, commandsOf, GLOBAL_FLAGS, GROUPS, type CommandSpec, type FlagSpec } from "./specs";

declare const __PLATFORM_CLI_VERSION__: string;
export const VERSION = typeof __PLATFORM_CLI_VERSION__ === "string" ? __PLATFORM_CLI_VERSION__ : "0.0.0-dev";

function columns(rows: [string, string][], indent = "  "): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`).join("\n");
}

function flagColumn(flag: FlagSpec): string {
  const names = flag.short ? `-${flag.short}, --${flag.name}` : `    --${flag.name}`;
  return flag.value ? `${names} ${flag.value}` : names;
}

function flagRows(flags: FlagSpec[]): [string, string][] {
  return flags.map((flag) => [flagColumn(flag), flag.required ? `${flag.description} (required)` : flag.description]);
}

export function globalHelp(): string {
  return [
    `platform ${VERSION} — manage Platform Console workspaces, projects, resources and API keys`,
    "",
    "Usage: platform <command> <action> [flags]",
    "",
    "Commands:",
    columns(GROUPS.map((group) => [group.name, group.summary])),
    "",
    "Actions:",
    columns(COMMANDS.map((command) => [`${command.group} ${command.action}`, command.summary])),
    "",
    "Global flags:",
    columns([...flagRows(GLOBAL_FLAGS), ["-v, --version", "Print the version"]]),
    "",
    "Credentials: --token, then $PLATFORM_TOKEN, then the token stored by `platform auth login`.",
    "Run `platform <command> <action> --help` for the flags of one action.",
    "",
    "Examples:",
    "  platform auth login",
    "  platform workspace show",
    '  platform apikey create --environment env_0123456789abcdef --name "production-key"',
    "",
  ].join("\n");
}

export function groupHelp(group: string): string {
  const commands = commandsOf(group);
  const summary = GROUPS.find((candidate) => candidate.name === group)?.summary ?? "";
  return [
    `platform ${group} — ${summary}`,
    "",
    `Usage: platform ${group} <action> [flags]`,
    "",
    "Actions:",
    columns(commands.map((command) => [command.action, command.summary])),
    "",
    `Run \`platform ${group} <action> --help\` for the flags of one action.`,
    "",
  ].join("\n");
}

function usageLine(command: CommandSpec): string {
  const parts = [`platform ${command.group} ${command.action}`];
  for (const flag of command.flags) {
    if (GLOBAL_FLAGS.includes(flag) || flag.name === "token") continue;
    const text = `--${flag.name}${flag.value ? ` ${flag.value}` : ""}`;
    parts.push(flag.required ? text : `[${text}]`);
  }
  parts.push("[flags]");
  return parts.join(" ");
}

export function commandHelp(command: CommandSpec): string {
  const own = command.flags.filter((flag) => !GLOBAL_FLAGS.includes(flag));
  const global = command.flags.filter((flag) => GLOBAL_FLAGS.includes(flag));
  const lines = [`platform ${command.group} ${command.action} — ${command.summary}`, "", `Usage: ${usageLine(command)}`, ""];
  lines.push(command.description, "");
  if (own.length > 0) lines.push("Flags:", columns(flagRows(own)), "");
  lines.push("Global flags:", columns(flagRows(global)), "");
  lines.push("Examples:", ...command.examples.map((example) => `  ${example}`), "");
  return lines.join("\n");
}
