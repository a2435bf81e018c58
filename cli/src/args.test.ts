import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./args";
import { UsageError } from "./errors";
import { COMMANDS } from "./specs";

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

const ENV = "env_0123456789abcdef";

describe("parseCommandLine", () => {
  it("parses the seed's three lines verbatim", () => {
    const create = parseCommandLine(["apikey", "create", "--environment", ENV, "--name", "production-key", "--early-access"]);
    expect(create).toMatchObject({
      kind: "command",
      command: { group: "apikey", action: "create" },
      values: { environment: ENV, name: "production-key", "early-access": true },
    });
    expect(parseCommandLine(["apikey", "show", "--environment", ENV, "--early-access"])).toMatchObject({
      values: { environment: ENV, "early-access": true },
    });
    expect(parseCommandLine(["apikey", "delete", "--apikey", "key_0123456789abcdef", "--early-access"])).toMatchObject({
      values: { apikey: "key_0123456789abcdef" },
    });
  });

  it("takes short flags, inline values and flags before the command words", () => {
    expect(parseCommandLine(["apikey", "create", "-e", ENV, "-n", "x", "-t", "pcpat_a"])).toMatchObject({
      values: { environment: ENV, name: "x", token: "pcpat_a" },
    });
    expect(parseCommandLine(["apikey", "create", `--environment=${ENV}`, "--name=-dash"])).toMatchObject({
      values: { environment: ENV, name: "-dash" },
    });
    expect(parseCommandLine(["--json", "workspace", "show"])).toMatchObject({ values: { json: true } });
    expect(parseCommandLine(["-e", ENV, "apikey", "show"])).toMatchObject({ values: { environment: ENV } });
  });

  it("does not require --early-access", () => {
    expect(parseCommandLine(["workspace", "show"])).toMatchObject({ kind: "command", values: {} });
  });

  it.each([
    [["apikey", "show", "-e", ENV, "--foo"], 'Unknown command or parameter "--foo"'],
    [["apikey", "show", "-e", ENV, "-x"], 'Unknown command or parameter "-x"'],
    [["apikey", "list"], 'Unknown command or parameter "list"'],
    [["apikeys", "show"], 'Unknown command or parameter "apikeys"'],
    [["apikey", "show", "-e", ENV, "extra"], 'Unknown command or parameter "extra"'],
    [["--foo"], 'Unknown command or parameter "--foo"'],
    // A flag of another command is unknown here: --sensitive belongs to auth show.
    [["workspace", "show", "--sensitive"], 'Unknown command or parameter "--sensitive"'],
    [["auth", "login", "--token", "pcpat_x"], 'Unknown command or parameter "--token"'],
    [["apikey", "show"], "Missing --environment or -e parameter"],
    [["apikey", "delete"], "Missing --apikey parameter"],
    [["project", "show"], "Missing --workspace or -w parameter"],
    [["project", "delete"], "Missing --project or -p parameter"],
    [["apikey", "show", "-e"], "Missing value for the --environment or -e parameter"],
    [["apikey", "create", "-e", ENV, "--name", "--json"], "Missing value for the --name or -n parameter"],
    [["apikey", "show", "-e", ENV, "-e", ENV], "The --environment or -e parameter was given more than once"],
    [["workspace", "show", "--json=yes"], "The --json parameter does not take a value"],
    [["workspace", "show", "--", "x"], 'Unknown command or parameter "x"'],
  ])("%j → %s", (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it("answers help for -h, --help and `help`, at every level, even with other flags", () => {
    expect(parseCommandLine([])).toEqual({ kind: "help" });
    expect(parseCommandLine(["--help"])).toEqual({ kind: "help" });
    expect(parseCommandLine(["apikey"])).toEqual({ kind: "help", group: "apikey" });
    expect(parseCommandLine(["apikey", "create", "-h"])).toMatchObject({ kind: "help", command: { action: "create" } });
    expect(parseCommandLine(["apikey", "create", "--help", "--bogus"])).toMatchObject({ kind: "help" });
    expect(parseCommandLine(["help", "apikey", "delete"])).toMatchObject({ kind: "help", command: { action: "delete" } });
    expect(parseCommandLine(["--version"])).toEqual({ kind: "version" });
    expect(parseCommandLine(["-v"])).toEqual({ kind: "version" });
  });

  it("gives every data command --token, --url, --json, --early-access and --help", () => {
    for (const command of COMMANDS) {
      const names = command.flags.map((flag) => flag.name);
      expect(names).toEqual(expect.arrayContaining(["url", "json", "early-access", "help"]));
      if (command.group !== "auth" || command.action === "show") expect(names).toContain("token");
    }
  });
});
