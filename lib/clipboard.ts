// Copies text to the clipboard. navigator.clipboard exists only in secure contexts (https or
// localhost); on plain http (a LAN address) the fallback copies from a hidden textarea with
// execCommand("copy"), which browsers still honour inside a user gesture.
export async function copyText(text: string): Promise<boolean> {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission denied or document not focused: try the fallback below.
    }
  }
  return copyWithTextarea(text);
}

function copyWithTextarea(text: string): boolean {
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  textarea.style.pointerEvents = "none";
  // Inside an open Radix dialog, focus is trapped in the dialog; append there so select() works.
  const host = document.activeElement?.closest("[role=dialog],[role=alertdialog]") ?? document.body;
  host.appendChild(textarea);
  const previous = document.activeElement as HTMLElement | null;
  textarea.select();
  textarea.setSelectionRange(0, text.length);
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  } finally {
    textarea.value = "";
    textarea.remove();
    previous?.focus();
  }
  return copied;
}
