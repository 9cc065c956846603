// Deleted and pinned messages, as the chat shows them. The hub lists every
// deleted message's `seq` after each welcome and tells of each deletion as
// it happens; a deletion may come before the message itself reaches this
// app (a page of history loaded later, an entry after a gap), so the set of
// deleted `seq`s is kept and any entry with one of them is shown removed
// whenever it arrives. The pin is the message shown at the top of the chat
// (never a deleted one). Pure: the shell's events in, state out.

import type { AppEvent, ChatEntry, SessionLimits } from "../api";

export interface MessageEditsState {
  /** Every deleted message's `seq`, as far as this app knows. */
  deleted: ReadonlySet<number>;
  /** The message pinned at the top of the chat, or null. */
  pinned: ChatEntry | null;
}

export const initialMessageEdits: MessageEditsState = { deleted: new Set(), pinned: null };

/** How long after sending a student may delete their own message, when the hub does not say. */
export const DEFAULT_DELETE_WINDOW_SECONDS = 120;

/** The delete window the hub gave in the welcome's limits, in seconds. */
export function deleteWindowSeconds(limits: SessionLimits | null): number {
  const seconds = limits?.delete_window_seconds ?? DEFAULT_DELETE_WINDOW_SECONDS;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DELETE_WINDOW_SECONDS;
}

export type MessageEditEvent = Extract<AppEvent, { kind: "deletedMessages" | "messageDeleted" | "pinned" }>;

/** Whether an event deletes or pins a message (and `applyMessageEdit` takes it). */
export function isMessageEditEvent(event: AppEvent): event is MessageEditEvent {
  return event.kind === "deletedMessages" || event.kind === "messageDeleted" || event.kind === "pinned";
}

/** A deleted message as the chat keeps it: its `seq`, sender and time, no text. */
export function removedEntry(entry: ChatEntry): ChatEntry {
  return entry.removed === true && entry.text === "" ? entry : { ...entry, text: "", removed: true };
}

/** Whether an entry is (or is known to be) deleted. */
export function isDeleted(state: MessageEditsState, entry: ChatEntry): boolean {
  return entry.removed === true || state.deleted.has(entry.seq);
}

/** An entry as the chat must show it: removed when it was deleted, whenever that was. */
export function shownEntry(state: MessageEditsState, entry: ChatEntry): ChatEntry {
  return isDeleted(state, entry) ? removedEntry(entry) : entry;
}

/** The pin to show for `entry`: none when it is deleted. */
function pinFor(deleted: ReadonlySet<number>, entry: ChatEntry | null | undefined): ChatEntry | null {
  if (!entry || entry.removed === true || deleted.has(entry.seq)) return null;
  return entry;
}

/** The pin without the message `seq`s in `deleted`. */
function unpinDeleted(pinned: ChatEntry | null, deleted: ReadonlySet<number>): ChatEntry | null {
  return pinned !== null && deleted.has(pinned.seq) ? null : pinned;
}

export function applyMessageEdit(state: MessageEditsState, event: MessageEditEvent): MessageEditsState {
  switch (event.kind) {
    case "deletedMessages": {
      // The hub's whole list after a (re)join: it replaces what was known.
      const deleted = new Set(event.data);
      return { deleted, pinned: unpinDeleted(state.pinned, deleted) };
    }
    case "messageDeleted": {
      const { seq } = event.data;
      if (state.deleted.has(seq)) return state;
      const deleted = new Set(state.deleted).add(seq);
      // The hub unpins it too (a `pinned` null follows); the pin goes at once.
      return { deleted, pinned: unpinDeleted(state.pinned, deleted) };
    }
    case "pinned": {
      const pinned = pinFor(state.deleted, event.data);
      return pinned === state.pinned ? state : { ...state, pinned };
    }
  }
}

/** The pin a (re)join found (the `room` event's), replacing the one shown. */
export function pinnedAtJoin(state: MessageEditsState, pinned: ChatEntry | undefined): MessageEditsState {
  const next = pinFor(state.deleted, pinned);
  return next === state.pinned ? state : { ...state, pinned: next };
}
