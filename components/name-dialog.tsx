"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { NAME_MAX_LENGTH } from "@/lib/schemas/common";

type Result<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A dialog with one name field, used to create and rename workspaces, projects and resources.
 * The parent owns `open`; the dialog closes itself only when the action succeeds, and an error
 * stays visible inside it.
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
  submit: (name: string, form: FormData) => Promise<Result<T>>;
  onDone?: (data: T) => void;
  children?: React.ReactNode;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [nameErrors, setNameErrors] = useState<string[] | undefined>();

  function reset(next: boolean) {
    if (!next) {
      setError(null);
      setNameErrors(undefined);
    }
    onOpenChange(next);
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await submit(String(form.get("name") ?? ""), form);
      if (!result.ok) {
        setError(result.fieldErrors?.name ? null : result.error);
        setNameErrors(result.fieldErrors?.name);
        return;
      }
      reset(false);
      onDone?.(result.data);
    });
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogContent title={title} description={description}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field
            label={label}
            name="name"
            defaultValue={initialName}
            placeholder={placeholder}
            maxLength={NAME_MAX_LENGTH * 2}
            autoComplete="off"
            autoFocus
            errors={nameErrors}
          />
          {children}
          <FormError message={error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
