"use client";

import * as AlertDialogPrimitive from "@radix-ui/react-alert-dialog";
import { cn } from "./cn";
import { useFocusReturn } from "./focus-return";

// Radix's AlertDialog: for confirmations. It does not close on an outside click, and focus starts
// on Cancel, so a stray Enter never confirms a destructive action.

export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogCancel = AlertDialogPrimitive.Cancel;
export const AlertDialogAction = AlertDialogPrimitive.Action;

export function AlertDialogContent({
  title,
  description,
  error,
  children,
  className,
}: {
  title: string;
  description: React.ReactNode;
  /** An error from the confirmed action; the dialog stays open to show it. */
  error?: string | null;
  children: React.ReactNode;
  className?: string;
}) {
  const focusReturn = useFocusReturn();
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className="fixed inset-0 z-[60] bg-zinc-950/50 dark:bg-black/70" />
      <AlertDialogPrimitive.Content
        className={cn(
          "fixed top-1/2 left-1/2 z-[70] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl ring-1 ring-zinc-900/10 focus:outline-none",
          className,
        )}
        onCloseAutoFocus={focusReturn.onCloseAutoFocus}
      >
        {focusReturn.capture}
        <AlertDialogPrimitive.Title className="text-lg font-semibold text-zinc-900">{title}</AlertDialogPrimitive.Title>
        <AlertDialogPrimitive.Description asChild>
          <div className="mt-2 space-y-2 text-sm text-zinc-600 [overflow-wrap:anywhere]">{description}</div>
        </AlertDialogPrimitive.Description>
        {error && (
          <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200 ring-inset">
            {error}
          </p>
        )}
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">{children}</div>
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}
