// Latency as a fixed log-scale histogram: the same 64 buckets everywhere (every process, every
// minute, every shape), so two histograms merge by adding their counts bucket by bucket. That is
// what makes a p99 over an hour or 14 days computable from per-minute rows written by several
// processes: sum the rows' arrays, then read the percentile off the sum. (A p99 per minute could
// not be combined: the p99 of a range is not any function of the minutes' p99s.)
//
// Bucket 0 holds everything below 0.05 ms; bucket i (1…62) holds [0.05·r^(i-1), 0.05·r^i) ms with
// r = 2^(1/3); bucket 63 everything from 0.05·r^62 ≈ 83 s up. A percentile is reported as the
// bucket's geometric middle, so it is within 2^(1/6) ≈ ±12 % of the true value inside the range:
// plenty for "p99 went from 4 ms to 40 ms", and 256 bytes per histogram at most (stored with
// trailing empty buckets trimmed: usually far fewer).

export const BUCKETS = 64;
const MIN_MS = 0.05;
const LOG_R = Math.log(2) / 3;
const LOG_MIN = Math.log(MIN_MS);

/** The bucket of a duration in milliseconds. */
export function bucketOf(ms: number): number {
  if (!(ms >= MIN_MS)) return 0; // also NaN and negatives
  const index = Math.floor((Math.log(ms) - LOG_MIN) / LOG_R) + 1;
  return index >= BUCKETS ? BUCKETS - 1 : index;
}

/** The value a bucket stands for: its geometric middle (bucket 0: half the lowest edge). */
export function bucketValue(index: number): number {
  if (index <= 0) return MIN_MS / 2;
  return Math.exp(LOG_MIN + (index - 0.5) * LOG_R);
}

export function newHistogram(): Uint32Array {
  return new Uint32Array(BUCKETS);
}

/** Adds `from` into `into` (either may be shorter than BUCKETS: a trimmed stored array). */
export function mergeInto(into: Uint32Array | number[], from: ArrayLike<number>): void {
  const length = Math.min(into.length, from.length);
  for (let index = 0; index < length; index++) into[index]! += from[index]!;
}

/** The array as stored: plain numbers, without the trailing empty buckets. */
export function trimmed(histogram: ArrayLike<number>): number[] {
  let end = histogram.length;
  while (end > 0 && histogram[end - 1] === 0) end--;
  return Array.from({ length: end }, (_, index) => histogram[index]!);
}

/** The q-quantile (0 < q ≤ 1) in ms, or null for an empty histogram. */
export function quantile(histogram: ArrayLike<number>, q: number): number | null {
  let total = 0;
  for (let index = 0; index < histogram.length; index++) total += histogram[index]!;
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let index = 0; index < histogram.length; index++) {
    seen += histogram[index]!;
    if (seen >= rank) return bucketValue(index);
  }
  return bucketValue(histogram.length - 1);
}
