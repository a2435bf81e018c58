"use client";

import { Dialog, DialogContent, DialogFormActions } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { NameField, validateNameIn } from "@/components/ui/name-field";
import { useFormAction } from "@/components/use-form-action";
import type { ActionResult } from "@/lib/action-result";
import type { FieldErrors } from "@/lib/schemas/common";

/**
 * A dialog with one name field, used to create and rename workspaces, projects and resources.
 * The parent owns `open`; the dialog closes itself only when the action succeeds, and an error
 * stays visible inside it. More fields go in `children`; a function there gets the field errors.
 */
export function NameDialog<T>({
  open,
  onOpenChange,
  title,
  description,
  label = "Name",
  placeholder,
  initialName = "",
  submitLabel,
  submit,
  onDone,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  label?: string;
  placeholder?: string;
  initialName?: string;
  submitLabel: string;
  submit: (name: string, form: FormData) => Promise<ActionResult<T>>;
  onDone?: (data: T) => void;
  children?: React.ReactNode | ((state: { fieldErrors: FieldErrors }) => React.ReactNode);
}) {
  const { pending, error, fieldErrors, onSubmit, reset } = useFormAction(
    (form) => submit(String(form.get("name") ?? ""), form),
    (data) => {
      onOpenChange(false);
      onDone?.(data);
    },
    (form) => validateNameIn(form),
  );

  function onOpenChangeAndReset(next: boolean) {
    if (!next) reset();
    onOpenChange(next);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChangeAndReset}>
      <DialogContent title={title} description={description}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <NameField
            label={label}
            defaultValue={initialName}
            placeholder={placeholder}
            autoComplete="off"
            autoFocus
            serverErrors={fieldErrors.name}
          />
          {typeof children === "function" ? children({ fieldErrors }) : children}
          <FormError message={error} />
          <DialogFormActions submitLabel={submitLabel} pending={pending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
