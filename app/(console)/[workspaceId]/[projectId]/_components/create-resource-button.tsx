"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConnectionStringField } from "@/components/connection-string-field";
import { NameDialog } from "@/components/name-dialog";
import { Button } from "@/components/ui/button";
import { createResourceAction } from "@/lib/server/actions/create-resource";
import { resourceSettingsUrl } from "@/lib/settings-url";

export function CreateResourceButton({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button onClick={() => setOpen(true)}>New resource</Button>
      <NameDialog
        open={open}
        onOpenChange={setOpen}
        title="Add a resource"
        description="API keys are scoped to one resource: a database or an environment."
        placeholder="e.g. staging"
        submitLabel="Add resource"
        submit={(name, form) =>
          createResourceAction({
            projectId,
            name,
            kind: form.get("kind"),
            // Left empty: no connection (it can be added later on the Settings tab).
            connectionString: String(form.get("connectionString") ?? "").trim() || undefined,
          })
        }
        // With a connection string, the Settings tab shows it (and says the password is not shown again).
        onDone={(resource) =>
          router.push(resource.database ? resourceSettingsUrl(resource, true) : `/${workspaceId}/${projectId}/${resource.id}/api-keys`)
        }
      >
        {({ fieldErrors }) => (
          <>
            <fieldset>
              <legend className="text-sm font-medium text-zinc-800">Kind</legend>
              <div className="mt-2 grid grid-cols-2 gap-2">
                {(["environment", "database"] as const).map((kind, index) => (
                  <label
                    key={kind}
                    className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-zinc-300 ring-inset has-checked:bg-indigo-50 has-checked:ring-indigo-500"
                  >
                    <input type="radio" name="kind" value={kind} defaultChecked={index === 0} className="accent-indigo-600" />
                    {kind === "database" ? "Database" : "Environment"}
                  </label>
                ))}
              </div>
            </fieldset>
            <ConnectionStringField
              label="Database connection string"
              optional
              errors={fieldErrors.connectionString}
              description="The PostgreSQL database the gateway runs this resource's queries on. Stored encrypted; after saving, the password is never shown again. You can also add it later in Settings."
            />
          </>
        )}
      </NameDialog>
    </>
  );
}
