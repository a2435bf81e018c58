import { describe, expect, it } from "vitest";
import { commandHelp, globalHelp, groupHelp } from "./help";
import { COMMANDS, GROUPS } from "./specs";

describe("help", () => {
  it("lists every command in the global help", () => {
    const text = globalHelp();
    for (const command of COMMANDS) expect(text).toContain(`${command.group} ${command.action}`);
    expect(text).toContain("Usage: platform <command> <action> [flags]");
  });

  it("has real help for every command: usage, every flag, an example", () => {
    for (const command of COMMANDS) {
      const text = commandHelp(command);
      expect(text).toContain(`Usage: platform ${command.group} ${command.action}`);
      for (const flag of command.flags) expect(text).toContain(`--${flag.name}`);
      expect(text).toMatch(/Examples:\n {2}platform /);
      expect(text).not.toMatch(/available soon/i);
    }
  });

  it("marks required flags and keeps optional ones in brackets in the usage line", () => {
    const create = COMMANDS.find((command) => command.group === "apikey" && command.action === "create")!;
    expect(commandHelp(create)).toContain("Usage: platform apikey create --environment <id> [--name <name>] [--expires-in <duration>] [--expires-at <date>] [--no-expiry] [--read-only] [flags]");
    expect(commandHelp(create)).toMatch(/-e, --environment <id> .*\(required\)/);
  });

  it("has a help page per group", () => {
    for (const group of GROUPS) expect(groupHelp(group.name)).toContain(`Usage: platform ${group.name} <action>`);
  });
});
