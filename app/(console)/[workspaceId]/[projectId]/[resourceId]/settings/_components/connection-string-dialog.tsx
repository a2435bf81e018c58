"use client";

import { useRef, useState, useTransition } from "react";
import { ConnectionStringField } from "@/components/connection-string-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/use-form-action";
import type { FieldErrors } from "@/lib/schemas/common";
import type { ConnectionTestResult, DatabaseConnectionDto } from "@/lib/server/data/resource-connections";
import { setResourceConnectionAction } from "@/lib/server/actions/set-resource-connection";
import { testResourceConnectionAction } from "@/lib/server/actions/test-resource-connection";
import { ConnectionTestResultNote } from "./connection-test-result";

/**
 * Sets or replaces a resource's connection string. The string stays in the uncontrolled input (and
 * the two requests that carry it: Test connection and Save); the dialog unmounts on close, which
 * clears it. **Test connection** here tries the typed string before anything is stored.
 */
export function ConnectionStringDialog({
  open,
  onOpenChange,
  resourceId,
  replacing,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  resourceId: string;
  replacing: boolean;
  onSaved: (connection: DatabaseConnectionDto) => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [testing, startTest] = useTransition();
  const [tested, setTested] = useState<ConnectionTestResult | null>(null);
  const [testErrors, setTestErrors] = useState<{ error: string | null; fieldErrors: FieldErrors }>({ error: null, fieldErrors: {} });
  const save = useFormAction(
    (data) => setResourceConnectionAction({ resourceId, connectionString: String(data.get("connectionString") ?? "") }),
    (connection) => {
      onOpenChange(false);
      onSaved(connection);
    },
  );

  function test() {
    save.reset();
    const connectionString = String(new FormData(form.current!).get("connectionString") ?? "");
    startTest(async () => {
      const result = await testResourceConnectionAction({ resourceId, connectionString });
      setTested(result.ok ? result.data : null);
      setTestErrors(result.ok ? { error: null, fieldErrors: {} } : { error: result.error, fieldErrors: result.fieldErrors ?? {} });
    });
  }

  // Results and errors belong to the string they were about: editing it clears them.
  function clearOutcomes() {
    save.reset();
    setTested(null);
    setTestErrors({ error: null, fieldErrors: {} });
  }

  function reset(next: boolean) {
    if (!next) clearOutcomes();
    onOpenChange(next);
  }

  // A field error from either request shows under the field; Save's wins once it was pressed.
  const fieldErrors = save.fieldErrors.connectionString ?? testErrors.fieldErrors.connectionString;
  const error = save.error ?? (testErrors.fieldErrors.connectionString ? null : testErrors.error);
  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogContent
        title={replacing ? "Replace the connection string" : "Add a connection string"}
        description="The gateway runs the queries of this resource's API keys on this PostgreSQL database."
      >
        <form ref={form} onSubmit={save.onSubmit} onInput={clearOutcomes} className="space-y-4" noValidate>
          <ConnectionStringField
            autoFocus
            errors={fieldErrors}
            description={
              <>
                Percent-encode <code className="font-mono">@ : / ? #</code> in the user or password. Add{" "}
                <code className="font-mono">?sslmode=require</code> for TLS.
              </>
            }
          />
          <p className="flex gap-2 rounded-lg bg-zinc-50 px-3 py-2.5 text-xs text-zinc-600 ring-1 ring-zinc-200 ring-inset">
            <LockIcon />
            <span>
              The string is stored encrypted (AES-256-GCM). After saving, only its host, port, database and user are shown; the
              password is never shown again{replacing ? ", and the current string is overwritten" : ""}.
            </span>
          </p>
          {tested && <ConnectionTestResultNote result={tested} />}
          <FormError message={error} />
          <DialogFooter>
            <Button variant="secondary" onClick={test} pending={testing} disabled={save.pending} className="sm:mr-auto">
              Test connection
            </Button>
            <div className="flex flex-col-reverse gap-2 sm:flex-row">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={save.pending} disabled={testing}>
                Save connection
              </Button>
            </div>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function LockIcon({ className = "mt-px size-3.5 shrink-0 fill-zinc-400" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" className={className} aria-hidden="true">
      <path
        fillRule="evenodd"
        d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
