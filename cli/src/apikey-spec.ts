// `platform apikey …`: the API key commands' specs, in a file of their own (specs.ts holds the rest
// of the tree). specs.ts passes in the flags they share with other commands, so that this file
// needs nothing of it at run time.
import type { CommandSpec, FlagSpec } from "./specs";

const apikey: FlagSpec = { name: "apikey", type: "string", value: "<id>", description: "API key id (key_…)", required: true };

export function apikeyCommands({ environment, name, dataFlags }: { environment: FlagSpec; name: (what: string) => FlagSpec; dataFlags: FlagSpec[] }): CommandSpec[] {
  return [
    {
      group: "apikey",
      action: "show",
      summary: "List the API keys of a resource",
      description: "Lists the API keys of a resource, newest first. Only a hint of each key is shown, never the key.",
      flags: [environment, ...dataFlags],
      examples: ["platform apikey show --environment env_0123456789abcdef"],
    },
    {
      group: "apikey",
      action: "create",
      summary: "Create an API key and print it once",
      description:
        "Creates an API key for a resource and prints it on the last line of the output, the only time it is shown:\n" +
        "store it now (e.g. `| tail -1`).",
      flags: [
        environment,
        name("API key"),
        { name: "expires-in", type: "string", value: "<duration>", description: "Expire after this long: 7d, 30d, 90d, 1y, 12h … Default: 90d (or the workspace's maximum, if shorter)" },
        { name: "expires-at", type: "string", value: "<date>", description: "Expire at this instant: 2027-03-01 (the end of that day, UTC) or 2027-03-01T12:00:00Z" },
        { name: "no-expiry", type: "boolean", description: "Never expire (unless the workspace's key policy forbids it)" },
        { name: "read-only", type: "boolean", description: "A read-only key: the query gateway refuses its writes" },
        ...dataFlags,
      ],
      examples: [
        'platform apikey create --environment env_0123456789abcdef --name "production-key"',
        'platform apikey create -e db_0123456789abcdef -n "reporting" --read-only --expires-in 30d',
        'KEY=$(platform apikey create -e env_0123456789abcdef -n "ci" | tail -1)',
      ],
    },
    {
      group: "apikey",
      action: "roll",
      summary: "Roll an API key: a new key now, the old one ends after a grace period",
      description:
        "Creates a successor with the old key's resource, permission and lifetime (within the workspace's policy) and\n" +
        "prints it on the last line, the only time it is shown. The old key keeps working for --grace, then stops on\n" +
        "every gateway at that instant. A key can be rolled once.",
      flags: [
        apikey,
        { name: "grace", type: "string", value: "<duration>", description: 'How long the old key keeps working: now, 1h, 24h, 7d (at most 7d)', required: true },
        ...dataFlags,
      ],
      examples: ["platform apikey roll --apikey key_0123456789abcdef --grace 24h", "KEY=$(platform apikey roll --apikey key_0123456789abcdef --grace now | tail -1)"],
    },
    {
      group: "apikey",
      action: "delete",
      summary: "Delete an API key",
      description: "Deletes an API key. It stops working at once.",
      flags: [
        apikey,
        ...dataFlags,
      ],
      examples: ["platform apikey delete --apikey key_0123456789abcdef"],
    },
    {
      group: "apikey",
      action: "usage",
      summary: "Show an API key's usage in the last 24 hours",
      description:
        "What the query gateway recorded for the key in the last 24 hours: requests, errors by code, cache hit rate,\n" +
        "p50/p99 latency and its most frequent query shapes (SQL with every value as ?). Written by the gateway every\n" +
        "few seconds. With --json, the whole report (per-10-minute series included).",
      flags: [
        apikey,
        ...dataFlags,
      ],
      examples: ["platform apikey usage --apikey key_0123456789abcdef", "platform apikey usage --apikey key_0123456789abcdef --json | jq .totals.requests"],
    },
  ];
}
