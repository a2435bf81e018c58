// The command tree of the retired `prisma platform` CLI, with its flags, plus the help text the
// anchor never had. One table drives parsing (args.ts), help (help.ts) and dispatch (main.ts).
import { apikeyCommands } from "./apikey-spec";
import { AUDIT_GROUP, auditCommands } from "./audit-spec";

export type FlagSpec = {
  name: string;
  short?: string;
  type: "string" | "boolean";
  /** Placeholder in help, e.g. "<id>". */
  value?: string;
  description: string;
  required?: boolean;
};

export type CommandSpec = {
  group: string;
  action: string;
  summary: string;
  description: string;
  flags: FlagSpec[];
  examples: string[];
};

export type GroupSpec = { name: string; summary: string };

const token: FlagSpec = {
  name: "token",
  short: "t",
  type: "string",
  value: "<token>",
  description: "Access token (pcpat_… or pcwst_…). Default: $PLATFORM_TOKEN, then the token stored by `auth login`",
};
const url: FlagSpec = {
  name: "url",
  type: "string",
  value: "<url>",
  description: "Console address. Default: $PLATFORM_URL, then http://localhost:3000",
};
const json: FlagSpec = { name: "json", type: "boolean", description: "Print the result as JSON instead of a table" };
const earlyAccess: FlagSpec = {
  name: "early-access",
  type: "boolean",
  description: "Accepted for scripts written for `prisma platform`; never required",
};
const help: FlagSpec = { name: "help", short: "h", type: "boolean", description: "Show this help" };

/** Flags every command takes, printed once under "Global flags". */
export const GLOBAL_FLAGS: FlagSpec[] = [json, url, earlyAccess, help];
const dataFlags = [token, ...GLOBAL_FLAGS];

const workspace = (required: boolean): FlagSpec => ({
  name: "workspace",
  short: "w",
  type: "string",
  value: "<id>",
  description: "Workspace id (wksp_…)",
  required,
});
const project: FlagSpec = {
  name: "project",
  short: "p",
  type: "string",
  value: "<id>",
  description: "Project id (proj_…)",
  required: true,
};
const environment: FlagSpec = {
  name: "environment",
  short: "e",
  type: "string",
  value: "<id>",
  description: "Resource id: an environment (env_…) or a database (db_…)",
  required: true,
};
const name = (what: string): FlagSpec => ({
  name: "name",
  short: "n",
  type: "string",
  value: "<name>",
  description: `Name of the new ${what}, 1–64 characters. Default: a generated name like ${defaultNameExample(what)}`,
});

const connectionString: FlagSpec = {
  name: "connection-string",
  type: "string",
  value: "<url|->",
  description:
    "postgresql://user:password@host:5432/database; `-` reads it from stdin (kept out of shell history). Never printed",
};

function defaultNameExample(what: string): string {
  return `${what === "API key" ? "key" : what}-20260101-k3f9`;
}

export const GROUPS: GroupSpec[] = [
  { name: "auth", summary: "Log in through the browser, log out, show who you are" },
  { name: "workspace", summary: "List the workspaces you belong to" },
  { name: "project", summary: "List, create and delete projects" },
  { name: "environment", summary: "List, create, update and delete resources (environments and databases), test their database" },
  { name: "apikey", summary: "List, create, roll and delete API keys of a resource, and show their usage" },
  AUDIT_GROUP,
];

export const COMMANDS: CommandSpec[] = [
  {
    group: "auth",
    action: "login",
    summary: "Log in through the browser and store an access token",
    description:
      "Opens the Console in your browser, where you approve the CLI; the Console then sends a one-time code to\n" +
      "this command on a one-time 127.0.0.1 address, and the command exchanges it (with a secret that never\n" +
      "leaves it) for a new access token (listed on the Console's Access tokens page). The URL is printed too,\n" +
      "for machines without a browser. The token is stored in $XDG_CONFIG_HOME/platform-console/auth.json\n" +
      "(default ~/.config), readable only by you.\n" +
      "Gives up after 5 minutes.",
    flags: [
      url,
      json,
      earlyAccess,
      { name: "no-browser", type: "boolean", description: "Only print the URL; do not try to open a browser" },
      help,
    ],
    examples: ["platform auth login", "platform auth login --url https://console.example.com"],
  },
  {
    group: "auth",
    action: "logout",
    summary: "Revoke the stored token and delete it",
    description: "Revokes the token stored by `auth login` on the server, then deletes the local file.",
    flags: [url, json, earlyAccess, help],
    examples: ["platform auth logout"],
  },
  {
    group: "auth",
    action: "show",
    summary: "Show who the current token belongs to",
    description: "Shows the user (or the workspace, for a service token) the current credentials act as.",
    flags: [
      { name: "sensitive", type: "boolean", description: "Also print the token itself" },
      ...dataFlags,
    ],
    examples: ["platform auth show", "platform auth show --json"],
  },
  {
    group: "workspace",
    action: "show",
    summary: "List your workspaces",
    description: "Lists the workspaces you are a member of, with your role in each.",
    flags: dataFlags,
    examples: ["platform workspace show", "platform workspace show --json"],
  },
  {
    group: "project",
    action: "show",
    summary: "List the projects of a workspace",
    description: "Lists the projects of a workspace.",
    flags: [workspace(true), ...dataFlags],
    examples: ["platform project show --workspace wksp_0123456789abcdef"],
  },
  {
    group: "project",
    action: "create",
    summary: "Create a project",
    description: "Creates a project in a workspace (Admins and Developers).",
    flags: [workspace(true), name("project"), ...dataFlags],
    examples: ['platform project create --workspace wksp_0123456789abcdef --name "Storefront"'],
  },
  {
    group: "project",
    action: "delete",
    summary: "Delete a project with its resources and API keys",
    description: "Deletes a project, all its resources and all their API keys. The keys stop working at once.",
    flags: [project, ...dataFlags],
    examples: ["platform project delete --project proj_0123456789abcdef"],
  },
  {
    group: "environment",
    action: "show",
    summary: "List the resources of a project",
    description: "Lists the resources (environments and databases) of a project.",
    flags: [project, ...dataFlags],
    examples: ["platform environment show --project proj_0123456789abcdef"],
  },
  {
    group: "environment",
    action: "create",
    summary: "Create a resource (an environment or a database)",
    description: "Creates a resource in a project. It is an environment unless --kind says otherwise.",
    flags: [
      project,
      name("environment"),
      {
        name: "kind",
        type: "string",
        value: "<kind>",
        description: "environment (default) or database",
      },
      connectionString,
      ...dataFlags,
    ],
    examples: [
      'platform environment create --project proj_0123456789abcdef --name "Production"',
      'platform environment create -p proj_0123456789abcdef -n "orders-db" --kind database',
      'platform environment create -p proj_0123456789abcdef -n "orders-db" --kind database --connection-string - < orders-db.url',
    ],
  },
  {
    group: "environment",
    action: "update",
    summary: "Set, replace or remove a resource's database connection, or rename it",
    description:
      "Changes a resource: --connection-string sets or replaces its database connection (gateways switch at once),\n" +
      "--remove-connection removes it, --name renames it. The connection string is never printed; the output names\n" +
      "the connection as user@host:port/database.",
    flags: [
      environment,
      connectionString,
      { name: "remove-connection", type: "boolean", description: "Remove the database connection" },
      { ...name("environment"), description: "New name, 1–64 characters" },
      ...dataFlags,
    ],
    examples: [
      "platform environment update -e db_0123456789abcdef --connection-string - < orders-db.url",
      "platform environment update -e db_0123456789abcdef --connection-string -      # type or paste it, hidden",
      "platform environment update -e db_0123456789abcdef --remove-connection",
    ],
  },
  {
    group: "environment",
    action: "test-connection",
    summary: "Test a resource's database connection: reachability, server version, latency",
    description:
      "Connects to the resource's stored database connection from the Console (with its host allowlist) and prints the\n" +
      "server version and the latency, or why it could not connect (host and cause, never the password; exit 1).",
    flags: [environment, ...dataFlags],
    examples: ["platform environment test-connection -e db_0123456789abcdef", "platform environment test-connection -e db_0123456789abcdef --json"],
  },
  {
    group: "environment",
    action: "delete",
    summary: "Delete a resource with its API keys",
    description: "Deletes a resource (environment or database) and all its API keys. The keys stop working at once.",
    flags: [environment, ...dataFlags],
    examples: ["platform environment delete --environment env_0123456789abcdef"],
  },
  ...apikeyCommands({ environment, name, dataFlags }),
  ...auditCommands({ workspace: workspace(true), dataFlags }),
];

export function findGroup(name: string): GroupSpec | undefined {
  return GROUPS.find((group) => group.name === name);
}

export function findCommand(group: string, action: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.group === group && command.action === action);
}

export function commandsOf(group: string): CommandSpec[] {
  return COMMANDS.filter((command) => command.group === group);
}

/** "--environment or -e", as the anchor's messages name a flag. */
export function flagLabel(flag: FlagSpec): string {
  return flag.short ? `--${flag.name} or -${flag.short}` : `--${flag.name}`;
}
