import { Spinner } from "@/components/ui/button";

export default function Loading() {
  return (
    <div className="flex items-center gap-2 py-12 text-sm text-zinc-500" aria-live="polite">
      <Spinner /> Loading…
    </div>
  );
}
