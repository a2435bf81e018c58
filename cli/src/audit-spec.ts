// `platform audit show`: the command's spec, in its own file (specs.ts holds the rest of the tree
// and is at its size limit). specs.ts passes in the flags every data command shares, so that this
// file needs nothing of it at run time.
import type { CommandSpec, FlagSpec, GroupSpec } from "./specs";

export const AUDIT_GROUP: GroupSpec = { name: "audit", summary: "Show a workspace's audit log (Admins)" };

const text = (name: string, value: string, description: string): FlagSpec => ({ name, type: "string", value, description });

export function auditCommands(shared: { workspace: FlagSpec; dataFlags: FlagSpec[] }): CommandSpec[] {
  return [
    {
      group: "audit",
      action: "show",
      summary: "Show a workspace's audit log, newest first",
      description:
        "Shows who did what to which object, when, from where and through which path (console, rest, cli, system),\n" +
        "newest first, --limit entries at a time (default 100). When there are more, the command says how to get the\n" +
        "next page (--cursor) on stderr. Filters combine. Admins only. No entry ever holds a secret.",
      flags: [
        shared.workspace,
        text("action", "<action>", "Only this action, e.g. api_key.created, member.role_changed, member.sign_in_failed"),
        text("actor", "<who>", "Only what this user (usr_…), token (tok_…) or email address did"),
        text("object-type", "<type>", "Only objects of this type: api_key, token, member, invitation, project, resource, workspace"),
        text("object", "<id>", "Only this object, by id (a member's: the user id)"),
        text("from", "<date>", "From this date (2026-12-01, UTC) or instant (2026-12-01T12:00:00Z) on"),
        text("to", "<date>", "Up to the end of this date, or before this instant"),
        text("limit", "<n>", "At most this many entries, 1–1000 (default 100)"),
        text("cursor", "<cursor>", "Continue after the previous page (its cursor is printed on stderr)"),
        ...shared.dataFlags,
      ],
      examples: [
        "platform audit show -w wksp_0123456789abcdef",
        "platform audit show -w wksp_0123456789abcdef --action api_key.deleted --from 2026-12-01 --json",
        "platform audit show -w wksp_0123456789abcdef --actor alice@example.com --limit 20",
      ],
    },
  ];
}
