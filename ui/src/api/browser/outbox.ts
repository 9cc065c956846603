// Chat messages the student sent that the hub has not acked yet (the Rust
// client's core/src/client/outbox.rs).
//
// Why an outbox: the hub acks a message only once it is stored and
// sequenced, and a connection can drop between the send and the ack. Each
// entry keeps its client id for life, so after a reconnect every unacked
// message is sent again *with the same id*; the hub recognises the id and
// answers the first ack again instead of posting it twice. An entry leaves
// the outbox on its `chat:ack`, on its own copy coming back (the ack may be
// lost with the connection, the copy arrives in the welcome's history), or
// on a refusal (which is final: a muted or locked-out student's message is
// not retried by itself).
//
// Why pacing: the hub refuses messages beyond `send_rate` a second with
// bursts of `send_burst` (`rate_limited`, final). A burst typed while
// offline would otherwise be partly refused on reconnect, so the outbox
// sends as fast as the welcome's limits allow and no faster.

import type { SessionLimits } from "../generated/protocol";
import { IdSource } from "./ids";

/** One unacked message. */
export interface Pending {
  id: string;
  text: string;
}

/** What the outbox wants done next. */
export type NextSend = { send: Pending } | { waitMs: number } | null;

/** A monotonic clock in milliseconds (tests pass their own). */
export type Clock = () => number;

export const monotonic: Clock = () => globalThis.performance?.now() ?? Date.now();

/**
 * A token bucket: `burst` sends at once, then one every `1000 / rate` ms,
 * as the hub's own budget (and the Rust client's governor quota) counts.
 */
class Pace {
  #tokens: number;
  #at: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    readonly now: Clock,
  ) {
    this.#tokens = burst;
    this.#at = now();
  }

  /** 0 when a send may go now (and takes it); else the ms to wait. */
  take(): number {
    const now = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) * this.rate) / 1000);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - this.#tokens) * 1000) / this.rate));
  }
}

export class Outbox {
  #entries: Pending[] = [];
  /** Entries `[0, onWire)` were written on the current connection. */
  #onWire = 0;
  #pace: Pace | null = null;

  constructor(
    /** Most messages kept at once; `push` refuses beyond (the hub remembers 1,024 ids). */
    readonly limit: number,
    readonly ids: IdSource = new IdSource(),
    readonly now: Clock = monotonic,
  ) {}

  get length(): number {
    return this.#entries.length;
  }

  /** Everything unacked, oldest first (what storage keeps across a reload). */
  get entries(): readonly Pending[] {
    return this.#entries;
  }

  /** Messages written on this connection and not settled: replies are owed. */
  get awaiting(): number {
    return this.#onWire;
  }

  /** Queues a message; its new id, or null when the outbox is full. */
  push(text: string): string | null {
    if (this.#entries.length >= this.limit) return null;
    const id = this.ids.next();
    this.#entries.push({ id, text });
    return id;
  }

  /**
   * Takes back messages kept by an earlier page of the same seat, with
   * their ids (so the hub still recognises them); the oldest beyond the
   * limit are dropped.
   */
  restore(pending: readonly Pending[]): Pending[] {
    const known = new Set(this.#entries.map((p) => p.id));
    const fresh = pending.filter((p) => !known.has(p.id)).slice(-this.limit);
    this.#entries = [...fresh, ...this.#entries].slice(0, this.limit);
    return fresh;
  }

  /** Forgets a message the hub acked or refused; true if it was here. */
  settle(id: string): boolean {
    const index = this.#entries.findIndex((p) => p.id === id);
    if (index < 0) return false;
    this.#entries.splice(index, 1);
    if (index < this.#onWire) this.#onWire -= 1;
    return true;
  }

  /**
   * A new connection: nothing is on the wire any more, everything goes
   * again, paced by the hub's (possibly new) limits; a rate of 0 means
   * none.
   */
  reconnected(limits: Pick<SessionLimits, "send_rate" | "send_burst">): void {
    this.#onWire = 0;
    const rate = limits.send_rate;
    this.#pace = rate > 0 ? new Pace(rate, limits.send_burst > 0 ? limits.send_burst : rate, this.now) : null;
  }

  /** The connection dropped: what was written must go again later. */
  disconnected(): void {
    this.#onWire = 0;
  }

  /** The next message the pace allows now, marked as written; or how long to wait; or null (nothing to send). */
  next(): NextSend {
    const next = this.#entries[this.#onWire];
    if (!next) return null;
    if (this.#pace) {
      const wait = this.#pace.take();
      if (wait > 0) return { waitMs: wait };
    }
    this.#onWire += 1;
    return { send: next };
  }
}
