// The in-memory side of usage: every answered Accelerate request adds to a cell of (minute,
// resource, key) and every query the database ran to a cell of (hour, resource, shape, key). No I/O
// and no timer per request; `drain()` hands the cells to the flush (./store.ts) and starts afresh.
// Cardinality is bounded per resource: at most `maxShapes` distinct shapes an hour (the rest add to
// one "other" shape), at most `maxErrorCodes` codes per cell (the rest count as "other").
import { createHash } from "node:crypto";
import { bucketOf, newHistogram } from "./histogram";
import { OTHER_SHAPE, type Shape } from "./shape";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export type MinuteCell = {
  resourceId: string;
  keyId: string;
  minute: number;
  requests: number;
  cacheHits: number;
  cacheMisses: number;
  totalMs: number;
  latency: Uint32Array;
  errors: Record<string, number> | null;
};

export type ShapeCell = {
  resourceId: string;
  keyId: string;
  hour: number;
  shapeId: string;
  shape: Shape;
  count: number;
  totalMs: number;
  rows: number;
  latency: Uint32Array;
};

export type UsageBatch = { minutes: MinuteCell[]; shapes: ShapeCell[] };

export type UsageBounds = { maxShapes: number; maxErrorCodes: number; maxCells: number };

export const DEFAULT_USAGE_BOUNDS: UsageBounds = { maxShapes: 100, maxErrorCodes: 20, maxCells: 200_000 };

/** How the cache answered a request: a hit (ttl or swr), a miss of a cacheable read, or neither. */
export type CacheOutcome = "hit" | "miss" | null;

/** One shape of one resource this hour: its id, and its cells per key. */
type ShapeEntry = { id: string; shape: Shape; byKey: Map<string, ShapeCell> };
/** Per resource: the shapes seen this hour (keyed by the memoised Shape object), at most maxShapes. */
type ShapeIndex = { hour: number; byShape: Map<Shape, ShapeEntry>; byText: Map<string, ShapeEntry>; other: ShapeEntry | null };

export class UsageAggregator {
  /** minute → resource → key → cell. The current minute's map is kept at hand. */
  private minutes = new Map<number, Map<string, Map<string, MinuteCell>>>();
  private currentMinute = -1;
  private current: Map<string, Map<string, MinuteCell>> | null = null;
  /** Every shape cell since the last drain (each is also in its ShapeEntry.byKey). */
  private shapes: ShapeCell[] = [];
  /** Per resource: the shapes of the current hour. */
  private shapeIndex = new Map<string, ShapeIndex>();
  private cells = 0;
  /** Requests that found no room (maxCells reached before a flush): counted, never stored. */
  dropped = 0;

  constructor(
    private readonly bounds: UsageBounds = DEFAULT_USAGE_BOUNDS,
    private readonly now: () => number = Date.now,
  ) {}

  /** One answered request of a verified key. `code`: the error code answered, or null. */
  request(resourceId: string, keyId: string, durationMs: number, code: string | null, cache: CacheOutcome): void {
    const cell = this.minuteCell(resourceId, keyId);
    if (cell === null) return;
    cell.requests++;
    cell.totalMs += durationMs;
    cell.latency[bucketOf(durationMs)]!++;
    if (cache === "hit") cell.cacheHits++;
    else if (cache === "miss") cell.cacheMisses++;
    if (code !== null) {
      const errors = (cell.errors ??= {});
      const name = code in errors || Object.keys(errors).length < this.bounds.maxErrorCodes ? code : "other";
      errors[name] = (errors[name] ?? 0) + 1;
    }
  }

  /** One query the database ran for a key: its shape, how long it took, how many rows came back. */
  query(resourceId: string, keyId: string, shape: Shape, durationMs: number, rows: number): void {
    const now = this.now();
    const hour = now - (now % HOUR_MS);
    const entry = this.shapeEntry(resourceId, hour, shape);
    let cell = entry.byKey.get(keyId);
    if (cell === undefined) {
      if (this.cells >= this.bounds.maxCells) return void this.dropped++;
      this.cells++;
      cell = { resourceId, keyId, hour, shapeId: entry.id, shape: entry.shape, count: 0, totalMs: 0, rows: 0, latency: newHistogram() };
      entry.byKey.set(keyId, cell);
      this.shapes.push(cell);
    }
    cell.count++;
    cell.totalMs += durationMs;
    cell.rows += rows;
    cell.latency[bucketOf(durationMs)]!++;
  }

  get pendingCells(): number {
    return this.cells;
  }

  /** Everything recorded since the last drain; the aggregator starts empty. */
  drain(): UsageBatch {
    const minutes: MinuteCell[] = [];
    for (const byResource of this.minutes.values()) for (const byKey of byResource.values()) for (const cell of byKey.values()) minutes.push(cell);
    const shapes = this.shapes;
    this.minutes = new Map();
    this.current = null;
    this.currentMinute = -1;
    this.shapes = [];
    // The shape ids stay known for the hour; their cells start afresh.
    for (const index of this.shapeIndex.values()) {
      for (const entry of index.byText.values()) entry.byKey = new Map();
      if (index.other) index.other.byKey = new Map();
    }
    this.cells = 0;
    return { minutes, shapes };
  }

  private minuteCell(resourceId: string, keyId: string): MinuteCell | null {
    const now = this.now();
    const minute = now - (now % MINUTE_MS);
    if (minute !== this.currentMinute || this.current === null) {
      this.currentMinute = minute;
      this.current = this.minutes.get(minute) ?? null;
      if (this.current === null) this.minutes.set(minute, (this.current = new Map()));
    }
    let byKey = this.current.get(resourceId);
    if (byKey === undefined) this.current.set(resourceId, (byKey = new Map()));
    let cell = byKey.get(keyId);
    if (cell === undefined) {
      if (this.cells >= this.bounds.maxCells) {
        this.dropped++;
        return null;
      }
      this.cells++;
      cell = { resourceId, keyId, minute, requests: 0, cacheHits: 0, cacheMisses: 0, totalMs: 0, latency: newHistogram(), errors: null };
      byKey.set(keyId, cell);
    }
    return cell;
  }

  /** The shape's entry within its resource this hour, or the "other" entry once it has maxShapes. */
  private shapeEntry(resourceId: string, hour: number, shape: Shape): ShapeEntry {
    let index = this.shapeIndex.get(resourceId);
    if (index === undefined || index.hour !== hour) {
      this.shapeIndex.set(resourceId, (index = { hour, byShape: new Map(), byText: new Map(), other: null }));
    }
    let entry = index.byShape.get(shape);
    if (entry !== undefined) return entry;
    // A Shape object not seen yet (the memo made a new one): the same text may be known already.
    const text = `${shape.model ?? ""}\u0000${shape.operation}\u0000${shape.text}`;
    entry = index.byText.get(text);
    if (entry === undefined) {
      if (index.byText.size >= this.bounds.maxShapes) {
        return (index.other ??= { id: OTHER_ID, shape: OTHER_SHAPE, byKey: new Map() });
      }
      entry = { id: shapeDigest(shape), shape, byKey: new Map() };
      index.byText.set(text, entry);
    }
    if (index.byShape.size < this.bounds.maxShapes * 4) index.byShape.set(shape, entry);
    return entry;
  }
}

export const OTHER_ID = "other";

/** A shape's id: the same text gives the same id in every process. */
export function shapeDigest(shape: Shape): string {
  return createHash("sha256").update(`${shape.model ?? ""}\u0000${shape.operation}\u0000${shape.text}`).digest("base64url").slice(0, 22);
}
