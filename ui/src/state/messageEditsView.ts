// What each user may do with the chat's messages, and the pin as the chat
// panel shows it, derived from the state (state/messageEdits.ts). The
// teacher may delete any message and pin or unpin any; a student may delete
// their own for a short while after sending it (`delete_window_seconds`,
// counted from the message's hub time by this computer's clock: the hub
// refuses a late one with `delete_expired` anyway). Nothing can be done with
// a removed message, nor while not connected (the shell drops these intents).
// Pure: time comes in as `now` (ms).

import type { ChatEntry } from "../api";
import type { ClassroomState } from "./classroom";
import { deleteWindowSeconds } from "./messageEdits";
import { currentName } from "./names";
import { connected } from "./roomView";
import { type MessageView, isTeacher } from "./view";

export interface MessageActionsView {
  /** Delete it for everyone (after a confirmation). */
  delete: boolean;
  /** Pin it at the top of the chat, unpin it (it is the pinned one), or neither. */
  pin: "pin" | "unpin" | null;
}

// One object per combination: a line whose actions did not change gets the
// same one, and is not rendered again.
export const NO_ACTIONS: MessageActionsView = Object.freeze({ delete: false, pin: null });
const DELETE: MessageActionsView = Object.freeze({ delete: true, pin: null });
const DELETE_PIN: MessageActionsView = Object.freeze({ delete: true, pin: "pin" });
const DELETE_UNPIN: MessageActionsView = Object.freeze({ delete: true, pin: "unpin" });

/** When (ms) its sender can no longer delete `entry`; null when its time does not parse. */
export function deletableUntil(entry: ChatEntry, windowSeconds: number): number | null {
  return sentUntil(entry.ts, windowSeconds);
}

/** `windowSeconds` after the hub time `ts` (RFC 3339), in ms; null when it does not parse. */
function sentUntil(ts: string, windowSeconds: number): number | null {
  const sent = Date.parse(ts);
  return Number.isNaN(sent) ? null : sent + windowSeconds * 1000;
}

/** Whether a student may still delete their own message sent at `ts` (its hub time) at `now`. */
function stillDeletable(ts: string, windowSeconds: number, now: number): boolean {
  const until = sentUntil(ts, windowSeconds);
  return until !== null && now < until;
}

/** What this user may do with one line of the chat (`NO_ACTIONS` for nothing). */
export type MessageActionsLookup = (message: MessageView) => MessageActionsView;

/** Nothing to do with any line (not connected). */
const NOTHING: MessageActionsLookup = () => NO_ACTIONS;

/**
 * What this user may do with each line of the chat now: a lookup the list
 * asks for each line it draws, `NO_ACTIONS` for lines with nothing to do.
 *
 * A lookup rather than a table of every line: the list is virtualized and
 * draws some thirty lines, while a table was built for the whole timeline
 * on every change, which in a long lecture (5,000 messages, one more at a
 * time) was garbage quadratic in the messages. Everything a rule needs is
 * in the line's view: a sent line (in the timeline) has its `seq`, one
 * still on its way or refused has none; `dateTime` is the message's hub
 * time, `mine` and `removed` the timeline's.
 */
export function messageActions(state: ClassroomState, now: number): MessageActionsLookup {
  if (!connected(state)) return NOTHING;
  const pinned = state.edits.pinned?.seq ?? null;
  if (isTeacher(state)) {
    return (message) => {
      if (message.kind !== "message" || message.seq === null || message.removed) return NO_ACTIONS;
      return message.seq === pinned ? DELETE_UNPIN : DELETE_PIN;
    };
  }
  const window = deleteWindowSeconds(state.limits);
  return (message) => {
    if (message.kind !== "message" || message.seq === null || message.removed || !message.mine) return NO_ACTIONS;
    return stillDeletable(message.dateTime, window, now) ? DELETE : NO_ACTIONS;
  };
}

/** The pinned message, as the bar at the top of the chat shows it. */
export interface PinnedView {
  seq: number;
  /** The sender's name now (shown as "You" when `mine`): renamed since, the new one. */
  sender: string;
  mine: boolean;
  /** Sent by the teacher. */
  teacher: boolean;
  text: string;
  /** The teacher may unpin it (the button shows). */
  unpin: boolean;
  /** Not connected: Unpin cannot act now. */
  disabled: boolean;
}

export function pinnedMessage(state: ClassroomState): PinnedView | null {
  const pinned = state.edits.pinned;
  if (pinned === null) return null;
  return {
    seq: pinned.seq,
    sender: currentName(state.participants, pinned.from),
    mine: state.you !== null && pinned.from.id === state.you.id,
    teacher: pinned.from.role === "teacher",
    text: pinned.text,
    unpin: isTeacher(state),
    disabled: !connected(state),
  };
}

/**
 * How often the screen's clock must tick for the messages' actions (ms), or
 * null: every second while a student can still delete a message of theirs,
 * so that Delete goes when the window closes.
 */
export function messageEditsTickMs(state: ClassroomState, now: number): number | null {
  if (isTeacher(state) || !connected(state)) return null;
  const window = deleteWindowSeconds(state.limits);
  const deletable = state.timeline.some(
    (item) => item.kind === "message" && item.mine && item.entry.removed !== true && stillDeletable(item.entry.ts, window, now),
  );
  return deletable ? 1_000 : null;
}
