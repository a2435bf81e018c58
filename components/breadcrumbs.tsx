import Link from "next/link";

export type Crumb = { label: string; href?: string };

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-4 overflow-x-auto">
      <ol className="flex items-center gap-1.5 text-sm whitespace-nowrap text-zinc-500">
        {items.map((item, index) => (
          <li key={`${index}-${item.label}`} className="flex items-center gap-1.5">
            {index > 0 && <span aria-hidden="true" className="text-zinc-300">/</span>}
            {item.href ? (
              <Link href={item.href} className="rounded hover:text-zinc-900">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="font-medium text-zinc-900">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
