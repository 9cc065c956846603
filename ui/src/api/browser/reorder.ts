// Turns what arrives from the hub (the welcome's history, live entries,
// history pages, entries seen again after a reconnect) into each log entry
// exactly once, in `seq` order, and says when something is missing and must
// be fetched (the Rust client's core/src/client/reorder.rs, rule for rule).
//
// Why: the hub numbers its log 1, 2, 3 … without gaps, but a client sees
// entries out of order and twice around a reconnect: the welcome's history
// and live frames overlap, `history` replies are written outside the
// broadcast order, and a welcome carries at most the newest 100 entries.
// Delivering strictly `last_seq + 1` next, holding what is ahead of a gap
// and asking for the gap, makes the UI's log the hub's log.
//
// Bounded: what waits behind a gap is capped in entries and (approximate)
// bytes, so a hub that announces entries after a gap it never fills cannot
// grow it without limit. Beyond the caps the newest waiting entries are let
// go (the oldest are needed first) and, since the hub still holds them,
// fetched again once the gap below them is filled. Gaps are filled from
// their oldest end, a window at a time, so an honest hub never makes the
// client hold more than about two pages plus what is said meanwhile.

import type { ChatEntry } from "../generated/protocol";

/**
 * Entries a gap is asked for at a time, from its oldest end: the hub's page
 * (`history:fetch` answers at most 100; a hub with smaller pages answers the
 * newest of them, and the rest of the window is asked for next).
 */
export const FETCH_WINDOW = 100;

/** What the buffer wants done next. */
export type Next = { deliver: ChatEntry[] } | { fetchBefore: number };

/**
 * What an entry takes in memory, near enough: its strings as UTF-16 (two
 * bytes a code unit) and a fixed allowance for the object and its fields.
 */
export function entryBytes(entry: ChatEntry): number {
  const strings =
    entry.id.length +
    entry.client_id.length +
    entry.from.id.length +
    entry.from.name.length +
    entry.text.length +
    entry.ts.length +
    (entry.quote ? entry.quote.text.length + (entry.quote.name?.length ?? 0) : 0);
  return 2 * strings + 200 + 64 * (entry.reactions?.length ?? 0);
}

export class Reorder {
  /** Newest `seq` delivered. */
  #lastSeq: number;
  /** Newest `seq` known to exist at the hub. */
  #newest: number;
  /** Entries ahead of `lastSeq`, ascending by seq. */
  #waiting: ChatEntry[] = [];
  #waitingBytes = 0;
  #fetching = false;

  constructor(
    lastSeq: number,
    /** Entries held behind a gap (at least one is always kept). */
    readonly maxEntries: number,
    /** Bytes of them, as `entryBytes` counts (at least one entry is always kept). */
    readonly maxBytes: number,
  ) {
    this.#lastSeq = lastSeq;
    this.#newest = lastSeq;
  }

  /** Newest `seq` delivered so far (what a join's `last_seq` says). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Newest `seq` the hub is known to have (delivered or not). */
  get newest(): number {
    return this.#newest;
  }

  /** How many entries wait behind a gap. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Their bytes, as `entryBytes` counts. */
  get waitingBytes(): number {
    return this.#waitingBytes;
  }

  /** A new session (a different session id): start over from nothing. */
  reset(): void {
    this.#lastSeq = 0;
    this.#newest = 0;
    this.#waiting = [];
    this.#waitingBytes = 0;
    this.#fetching = false;
  }

  /** Starts after `seq`: entries up to it are not wanted in order (they are shown on request). */
  skipTo(seq: number): void {
    this.#lastSeq = Math.max(this.#lastSeq, seq);
    this.#newest = Math.max(this.#newest, seq);
    this.#forgetUpTo(seq);
  }

  /** A new connection: an answer to a fetch on the old one never comes. */
  reconnected(hubNewest: number): void {
    this.#fetching = false;
    this.#newest = Math.max(this.#newest, hubNewest);
  }

  /** Takes entries in any order, duplicates included. Returns how many were let go (fetched again later). */
  accept(entries: Iterable<ChatEntry>): number {
    let letGo = 0;
    for (const entry of entries) {
      if (entry.seq <= this.#lastSeq) continue;
      const index = this.#search(entry.seq);
      if (this.#waiting[index]?.seq === entry.seq) continue;
      this.#newest = Math.max(this.#newest, entry.seq);
      this.#waiting.splice(index, 0, entry);
      this.#waitingBytes += entryBytes(entry);
      while (
        this.#waiting.length > 1 &&
        (this.#waiting.length > this.maxEntries || this.#waitingBytes > this.maxBytes)
      ) {
        const dropped = this.#waiting.pop();
        if (dropped) this.#waitingBytes -= entryBytes(dropped);
        letGo += 1;
      }
    }
    return letGo;
  }

  /**
   * A history page arrived; `firstSeq` is the oldest entry the hub still
   * holds. Returns the range lost for good, if any, and how many entries
   * were let go as in `accept`.
   */
  history(entries: ChatEntry[], firstSeq: number): { lost: [number, number] | null; letGo: number } {
    this.#fetching = false;
    const letGo = this.accept(entries);
    const goneUpTo = Math.max(0, firstSeq - 1);
    if (goneUpTo > this.#lastSeq) {
      const lost: [number, number] = [this.#lastSeq + 1, goneUpTo];
      this.#lastSeq = goneUpTo;
      this.#forgetUpTo(goneUpTo);
      return { lost, letGo };
    }
    return { lost: null, letGo };
  }

  /**
   * The contiguous run after `lastSeq`, or a fetch for what is missing: the
   * window of entries right after `lastSeq`, up to the first one waiting (or
   * past the newest known). Null when nothing is to be done (or a fetch is
   * already on its way: one at a time).
   */
  next(): Next | null {
    let run = 0;
    while (run < this.#waiting.length && this.#waiting[run]?.seq === this.#lastSeq + run + 1) run += 1;
    if (run > 0) {
      const deliver = this.#waiting.splice(0, run);
      for (const entry of deliver) this.#waitingBytes -= entryBytes(entry);
      this.#lastSeq += run;
      return { deliver };
    }
    if (this.#newest <= this.#lastSeq || this.#fetching) return null;
    this.#fetching = true;
    const above = this.#waiting[0]?.seq ?? this.#newest + 1;
    return { fetchBefore: Math.min(above, this.#lastSeq + 1 + FETCH_WINDOW) };
  }

  /** Index of the first waiting entry with seq >= `seq`. */
  #search(seq: number): number {
    let low = 0;
    let high = this.#waiting.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.#waiting[mid]?.seq ?? Infinity) < seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Lets go of what waits up to `seq`. */
  #forgetUpTo(seq: number): void {
    const keepFrom = this.#search(seq + 1);
    for (const entry of this.#waiting.slice(0, keepFrom)) this.#waitingBytes -= entryBytes(entry);
    this.#waiting = this.#waiting.slice(keepFrom);
  }
}
