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
import { isTeacher } from "./view";

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
  const sent = Date.parse(entry.ts);
  return Number.isNaN(sent) ? null : sent + windowSeconds * 1000;
}

/** Whether a student may still delete their own `entry` at `now`. */
function stillDeletable(entry: ChatEntry, windowSeconds: number, now: number): boolean {
  const until = deletableUntil(entry, windowSeconds);
  return until !== null && now < until;
}

/**
 * What this user may do with each line of the chat now, by the line's key
 * (`MessageView.key`); lines with nothing to do are left out.
 */
export function messageActions(state: ClassroomState, now: number): Record<string, MessageActionsView> {
  const actions: Record<string, MessageActionsView> = {};
  if (!connected(state)) return actions;
  const teacher = isTeacher(state);
  const pinned = state.edits.pinned?.seq ?? null;
  const window = deleteWindowSeconds(state.limits);
  for (const item of state.timeline) {
    if (item.kind !== "message" || item.entry.removed === true) continue;
    if (teacher) {
      actions[item.key] = item.entry.seq === pinned ? DELETE_UNPIN : DELETE_PIN;
    } else if (item.mine && stillDeletable(item.entry, window, now)) {
      actions[item.key] = DELETE;
    }
  }
  return actions;
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
    (item) => item.kind === "message" && item.mine && item.entry.removed !== true && stillDeletable(item.entry, window, now),
  );
  return deletable ? 1_000 : null;
}
