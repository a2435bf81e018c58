// Dates as the Console shows them. A fixed locale and UTC keep server and browser renders equal
// (no hydration mismatch) and the e2e assertions stable.
const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** "just now", "5 minutes ago", "3 days ago", or the date for anything older than 30 days. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.round(hours / 24);
  if (days <= 30) return `${days} day${days === 1 ? "" : "s"} ago`;
  return formatDate(iso);
}

/** "Expires in 12 days", "Expires in 5 hours", "Expires in 3 minutes", "Expired", "Never expires". */
export function formatExpiry(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return "Never expires";
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return "Expired";
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `Expires in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `Expires in ${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.round(hours / 24);
  return `Expires in ${days} days`;
}

/** "1 key", "56 keys", "No keys": a count with its noun (an English plural in -s). */
export function countOf(count: number, noun: string): string {
  if (count === 0) return `No ${noun}s`;
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}
