// The student's seat in a class, kept in the browser across page reloads:
// the resume token (to come back as the same participant: a name stays
// taken while its participant is offline, so without the token a reloaded
// page could not even rejoin under the same name), the session it belongs
// to, the newest `seq` delivered (to resume with `last_seq` and receive only
// what was missed), and what was sent but not acked yet (to resend it with
// the same ids, so a reload loses nothing and posts nothing twice).
//
// Keyed by the hub's address and the student's name, case-insensitively,
// like the desktop app's saved places: the same browser may sit in one
// class under two names, and a different hub never sees this one's token.
// The session id inside tells a new class at the same address (its welcome
// has another id; the client then starts its log over).
//
// Storage is a courtesy, never a requirement: `localStorage` can be missing,
// throw on access (privacy modes, blocked cookies, sandboxed frames) or be
// full. Every failure degrades to memory only: the client still resumes
// across dropped connections, just not across a reload.

import type { KeptAnswer, KeptQuestion } from "./kept";
import type { Pending } from "./outbox";

/** A seat as stored. */
export interface Seat {
  /** The session the token belongs to. */
  session: string;
  /** Resume token from the latest welcome. */
  token: string;
  /** Newest `seq` delivered to the UI. */
  lastSeq: number;
  /** Chat messages not acked yet, with their ids. */
  outbox: Pending[];
  /** Poll answers not acked yet. */
  answers: KeptAnswer[];
  /** Private questions not acked yet. */
  questions: KeptQuestion[];
}

/** The part of the Web Storage API a seat needs (`localStorage` has it). */
export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** The browser's `localStorage` if it can be used at all, else null. */
export function browserStorage(): StorageLike | null {
  try {
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!storage) return null;
    const probe = "classroom.probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

/** `ws://Host:4455/ws` and name ` Ada ` → `classroom.seat|ws://host:4455/ws|ada`. */
export function seatKey(hubUrl: string, name: string): string {
  let url = hubUrl.trim();
  try {
    const parsed = new URL(url);
    url = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    // Not a URL: keep it as typed; it only names the entry.
  }
  return `classroom.seat|${url}|${name.trim().toLowerCase()}`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === "string";

function list<T>(value: unknown, ok: (item: Record<string, unknown>) => boolean): T[] {
  return Array.isArray(value) ? (value.filter((item) => isObj(item) && ok(item)) as T[]) : [];
}

/** Reads a stored seat; null for anything that is not one (an older or damaged entry counts as none). */
export function parseSeat(text: string | null): Seat | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(value) || !isStr(value.session) || !isStr(value.token)) return null;
  const lastSeq = value.lastSeq;
  if (typeof lastSeq !== "number" || !Number.isSafeInteger(lastSeq) || lastSeq < 0) return null;
  return {
    session: value.session,
    token: value.token,
    lastSeq,
    outbox: list<Pending>(value.outbox, (p) => isStr(p.id) && isStr(p.text)),
    answers: list<KeptAnswer>(value.answers, (a) => isStr(a.poll) && isStr(a.id) && isObj(a.answer)),
    questions: list<KeptQuestion>(value.questions, (q) => isStr(q.id) && isStr(q.text)),
  };
}

/** One seat in one storage. Never throws. */
export class SeatStore {
  constructor(
    readonly key: string,
    readonly storage: StorageLike | null = browserStorage(),
  ) {}

  load(): Seat | null {
    try {
      return parseSeat(this.storage?.getItem(this.key) ?? null);
    } catch {
      return null;
    }
  }

  /** Stores the seat; false when it could not be (no storage, quota, blocked). */
  save(seat: Seat): boolean {
    if (!this.storage) return false;
    try {
      this.storage.setItem(this.key, JSON.stringify(seat));
      return true;
    } catch {
      return false;
    }
  }

  /** Forgets the seat (removed from the class, or the class is over). */
  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // Nothing to do: the next load finds a stale token, refused with bad_token.
    }
  }
}
