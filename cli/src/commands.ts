// What each command does, on top of the parsed flags. Names and ids are checked with the Console's
// own zod schemas before any request, so a bad --name fails with the message the Console shows.
import { idChecker } from "@/lib/ids";
import { ApiClient, ApiError } from "./api";
import type { Values } from "./args";
import { authFile, deleteStoredToken, readStoredToken, resolveCredentials, writeStoredToken } from "./config";
import { apiKeyHandlers } from "./apikey-commands";
import { auditHandlers } from "./audit-commands";
import { connectionHandlers, connectionNote, connectionStringFlag } from "./connection-commands";
import { baseUrl, client, defaultName, flagValue, isJson, print, required, segment, type Context, type Handler } from "./context";
import { CliError } from "./errors";
import type { Io } from "./io";
import { codeChallenge, exchangeCode, LOGIN_TIMEOUT_MS, loginUrl, newState, newVerifier, startCallbackServer } from "./login";
import {
  json,
  records,
  resourceType,
  rows,
  success,
  table,
  type ApiKey,
  type Me,
  type Project,
  type Resource,
  type Workspace,
} from "./output";
import { findCommand, type CommandSpec } from "./specs";

// Ids are checked without zod (same pattern and message as the shared id schemas), so that the
// read-only commands start without loading zod; names and kinds load the shared zod schemas on use.
const workspaceIdSchema = idChecker("workspace");
const projectIdSchema = idChecker("project");
const resourceIdSchema = idChecker("database", "environment");
const apiKeyIdSchema = idChecker("apiKey");
const nameSchema = async () => (await import("@/lib/schemas/common")).nameSchema;
const resourceKindSchema = async () => (await import("@/lib/schemas/resource")).resourceKindSchema;

export { defaultName };

function list<T>(ctx: Context, items: T[], toRows: (item: T) => ReturnType<typeof rows.workspace>) {
  print(ctx, isJson(ctx) ? json(items) : records(items.map((item) => table(toRows(item), ctx.io.color))));
}

const handlers: Record<string, Handler> = {
  async "auth login"(ctx) {
    const url = baseUrl(ctx);
    const file = authFile(ctx.io);
    const stored = readStoredToken(file);
    if (stored) {
      try {
        const me = await new ApiClient({ baseUrl: url, token: stored }).get<Me>("/me");
        print(ctx, isJson(ctx) ? json(me) : "Already authenticated. Run `npx platform auth show` to see the current user.");
        return;
      } catch (error) {
        // A stored token the Console no longer accepts is replaced by a new login.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    }

    // The verifier stays in this process: only its S256 challenge goes into the browser's address.
    const state = newState();
    const verifier = newVerifier();
    const timeout = Number(ctx.io.env.PLATFORM_LOGIN_TIMEOUT_MS) || LOGIN_TIMEOUT_MS;
    const exchange = (code: string) => exchangeCode(url, { code, state, codeVerifier: verifier });
    const callback = await startCallbackServer(state, exchange, timeout);
    const approveUrl = loginUrl(url, state, callback.redirect, codeChallenge(verifier));
    // Progress goes to stderr with --json, so stdout stays one JSON document.
    const say = (text: string) => (isJson(ctx) ? ctx.io.stderr(text) : ctx.io.stdout(text));
    say("Authenticating to Platform Console via browser.\n\n");
    say(`Visit the following URL in your browser to authenticate:\n${approveUrl}\n\n`);
    if (ctx.values["no-browser"] !== true && !ctx.io.env.PLATFORM_NO_BROWSER) ctx.io.openBrowser(approveUrl);

    const token = await callback.token;
    writeStoredToken(file, token);
    let me: Me;
    try {
      me = await new ApiClient({ baseUrl: url, token }).get<Me>("/me");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) deleteStoredToken(file);
      throw error;
    }
    const who = me.type === "user" ? me.email : `a service token of ${me.workspaceId}`;
    print(ctx, isJson(ctx) ? json(me) : success(`Authentication successful for ${who}`, ctx.io.color));
  },

  async "auth logout"(ctx) {
    const url = baseUrl(ctx);
    const file = authFile(ctx.io);
    const token = readStoredToken(file);
    if (!token) {
      print(ctx, isJson(ctx) ? json({ loggedOut: false }) : "You are not currently logged in.");
      return;
    }
    try {
      await new ApiClient({ baseUrl: url, token }).delete("/me/token");
    } catch (error) {
      // Already revoked (or expired) on the server: only the local file is left to remove.
      if (!(error instanceof ApiError && error.status === 401)) {
        throw new CliError(`${(error as Error).message} The token was not revoked and is still stored in ${file}.`);
      }
    }
    deleteStoredToken(file);
    print(ctx, isJson(ctx) ? json({ loggedOut: true }) : success("You have logged out.", ctx.io.color));
  },

  async "auth show"(ctx) {
    const url = baseUrl(ctx);
    const { token } = resolveCredentials(ctx.values.token as string | undefined, ctx.io);
    const me = await new ApiClient({ baseUrl: url, token }).get<Me>("/me");
    const shownToken = ctx.values.sensitive === true ? token : undefined;
    if (isJson(ctx)) {
      print(ctx, json(shownToken ? { ...me, token: shownToken } : me));
      return;
    }
    const who = me.type === "user" ? me.email : `a service token of workspace ${me.workspaceId}`;
    print(ctx, `Currently authenticated as ${who}\n\n${table(rows.me(me, shownToken), ctx.io.color)}`);
  },

  async "workspace show"(ctx) {
    const api = client(ctx);
    list(ctx, await api.list<Workspace>("/workspaces"), rows.workspace);
  },

  async "project show"(ctx) {
    const workspace = required(ctx, "workspace", workspaceIdSchema);
    const api = client(ctx);
    list(ctx, await api.list<Project>(`/workspaces/${segment(workspace)}/projects`), rows.project);
  },

  async "project create"(ctx) {
    const workspace = required(ctx, "workspace", workspaceIdSchema);
    const name = flagValue(ctx, "name", await nameSchema()) ?? defaultName("project");
    const api = client(ctx);
    const { data: project } = await api.create<Project>(`/workspaces/${segment(workspace)}/projects`, { name });
    print(ctx, isJson(ctx) ? json(project) : success(`Project ${project.name} - ${project.id} created.`, ctx.io.color));
  },

  async "project delete"(ctx) {
    const id = required(ctx, "project", projectIdSchema);
    const api = client(ctx);
    const project = (await api.delete<Project>(`/projects/${segment(id)}`)) ?? { id, name: "" };
    const label = project.name ? `${project.name} - ${project.id}` : project.id;
    print(ctx, isJson(ctx) ? json(project) : success(`Project ${label} deleted.`, ctx.io.color));
  },

  async "environment show"(ctx) {
    const project = required(ctx, "project", projectIdSchema);
    const api = client(ctx);
    list(ctx, await api.list<Resource>(`/projects/${segment(project)}/environments`), rows.resource);
  },

  async "environment create"(ctx) {
    const project = required(ctx, "project", projectIdSchema);
    const kind = flagValue(ctx, "kind", await resourceKindSchema()) ?? "environment";
    const name = flagValue(ctx, "name", await nameSchema()) ?? defaultName(kind);
    const connectionString = await connectionStringFlag(ctx);
    const api = client(ctx);
    const { data: resource } = await api.create<Resource>(`/projects/${segment(project)}/environments`, { name, kind, ...(connectionString ? { connectionString } : {}) });
    const type = resourceType(resource.kind ?? kind);
    const note = connectionNote(resource, connectionString ? "set" : null);
    print(ctx, isJson(ctx) ? json(resource) : success(`${type} ${resource.name} - ${resource.id} created.${note}`, ctx.io.color));
  },

  async "environment delete"(ctx) {
    const id = required(ctx, "environment", resourceIdSchema);
    const api = client(ctx);
    const resource = (await api.delete<Resource>(`/environments/${segment(id)}`)) ?? { id, name: "" };
    const type = resourceType(resource.kind ?? (id.startsWith("db_") ? "database" : "environment"));
    const label = resource.name ? `${resource.name} - ${resource.id}` : resource.id;
    print(ctx, isJson(ctx) ? json(resource) : success(`${type} ${label} deleted.`, ctx.io.color));
  },

  async "apikey show"(ctx) {
    const resource = required(ctx, "environment", resourceIdSchema);
    const api = client(ctx);
    list(ctx, await api.list<ApiKey>(`/environments/${segment(resource)}/api-keys`), rows.apiKey);
  },

  async "apikey delete"(ctx) {
    const id = required(ctx, "apikey", apiKeyIdSchema);
    const api = client(ctx);
    const key = (await api.delete<ApiKey>(`/api-keys/${segment(id)}`)) ?? { id, name: "" };
    const label = key.name ? `${key.name} - ${key.id}` : key.id;
    print(ctx, isJson(ctx) ? json(key) : success(`APIKey ${label} deleted.`, ctx.io.color));
  },

  ...connectionHandlers,
  ...apiKeyHandlers,
  ...auditHandlers,
};

export async function runCommand(command: CommandSpec, values: Values, io: Io): Promise<void> {
  const handler = handlers[`${command.group} ${command.action}`];
  if (!handler || findCommand(command.group, command.action) !== command) throw new CliError("Not implemented.");
  await handler({ io, values, command });
}
