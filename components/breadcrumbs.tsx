import Link from "next/link";

export type Crumb = { label: string; href?: string };

// Long names (64 characters, often without spaces) are clipped with an ellipsis, each crumb to its
// own width, and the trail wraps onto a second line instead of scrolling sideways; the full name is
// in the title (and in full in the page's heading, which wraps).
// The current page's crumb may take the whole line; the links above it 10rem (16rem from 640 px).
const LINK_LABEL = "block max-w-[10rem] truncate sm:max-w-[16rem]";

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-4 min-w-0">
      <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-sm text-zinc-600">
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`} className="flex min-w-0 max-w-full items-center gap-1.5">
            {index > 0 && <span aria-hidden="true" className="text-zinc-400">/</span>}
            {item.href ? (
              <Link href={item.href} className={`${LINK_LABEL} rounded hover:text-zinc-900`} title={item.label}>
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="block min-w-0 truncate font-medium text-zinc-900" title={item.label}>
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
