/** "New", beside the name of a row just created (while useHighlight marks it). */
export function NewBadge() {
  return (
    <span data-testid="new-badge" className="ml-2 inline-flex rounded-full bg-indigo-50 px-2 py-0.5 align-middle text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset">
      New
    </span>
  );
}
