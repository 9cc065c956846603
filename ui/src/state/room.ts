// Running the room, as the screen shows it: the rules the teacher set (a
// locked chat, slow mode, the name filter, reactions off), the raised hands in the order they went up, who
// is muted (every muted student for the teacher; a student knows only of
// themselves), when this student's last message was taken (slow mode counts
// from there), and the latest change worth telling a screen reader. Pure:
// the shell's room events in, state out; names and time come in as
// arguments.

import type { AppEvent, Hand, RoomState as RoomSnapshot, RoomRules } from "../api";
import { type Text, text } from "../i18n";
import { reactionsOff } from "./reactions";
import { questionsOff } from "./questions";

export interface RoomState {
  rules: RoomRules;
  /** Raised hands, oldest first: the order the teacher takes them in. */
  hands: Hand[];
  /** The muted students' ids (as far as this user may know). */
  muted: ReadonlySet<string>;
  /** When (ms, this computer's clock) the hub took this user's last message; null: none yet. */
  lastSent: number | null;
  /** The latest change, for the screen reader's live region. */
  announcement: Text | null;
}

export const initialRoom: RoomState = {
  rules: { locked: false, slow_seconds: 0 },
  hands: [],
  muted: new Set(),
  lastSent: null,
  announcement: null,
};

/** Who is looking, to word the changes for them. */
export interface RoomViewer {
  /** This user's participant id (null before the welcome). */
  you: string | null;
  teacher: boolean;
  /** A participant's name, when known. */
  nameOf(id: string): string | null;
}

type RoomEvent = Extract<AppEvent, { kind: "room" | "handRaised" | "handLowered" | "handsCleared" | "muted" | "rules" }>;

/** Whether an event is about the room (and `applyRoomEvent` takes it). */
export function isRoomEvent(event: AppEvent): event is RoomEvent {
  return (
    event.kind === "room" ||
    event.kind === "handRaised" ||
    event.kind === "handLowered" ||
    event.kind === "handsCleared" ||
    event.kind === "muted" ||
    event.kind === "rules"
  );
}

/** The room a (re)join found, replacing what was shown; this user's last send is still theirs. */
function fromSnapshot(state: RoomState, room: RoomSnapshot): RoomState {
  return { ...state, rules: room.rules, hands: room.hands, muted: new Set(room.muted), announcement: null };
}

/** Whether the rules turn the name filter on (absent: off, as hubs before it). */
export function nameFilterOn(rules: RoomRules): boolean {
  return rules.name_filter === true;
}

function rulesAnnouncement(before: RoomRules, after: RoomRules, teacher: boolean): Text | null {
  if (before.locked !== after.locked) return text(after.locked ? "room.announceLocked" : "room.announceUnlocked");
  if (before.slow_seconds !== after.slow_seconds) {
    return after.slow_seconds > 0
      ? text("room.announceSlow", { seconds: after.slow_seconds })
      : text("room.announceSlowOff");
  }
  // Everyone hears of reactions: their buttons go, or come back.
  if (reactionsOff(before) !== reactionsOff(after)) {
    return text(reactionsOff(after) ? "room.announceReactionsOff" : "room.announceReactionsOn");
  }
  // Everyone hears of private questions: the student's form goes, or comes back.
  if (questionsOff(before) !== questionsOff(after)) {
    return text(questionsOff(after) ? "room.announceQuestionsOff" : "room.announceQuestionsOn");
  }
  // Only the teacher, who set it, hears of the name filter: it is about
  // who may join, not about the class's chat.
  if (teacher && nameFilterOn(before) !== nameFilterOn(after)) {
    return text(nameFilterOn(after) ? "room.announceNameFilterOn" : "room.announceNameFilterOff");
  }
  return null;
}

export function applyRoomEvent(state: RoomState, event: RoomEvent, viewer: RoomViewer): RoomState {
  const mine = (id: string) => viewer.you !== null && id === viewer.you;
  const name = (id: string) => viewer.nameOf(id) ?? "";
  switch (event.kind) {
    case "room":
      return fromSnapshot(state, event.data);
    case "handRaised": {
      const hand = event.data;
      if (state.hands.some((h) => h.id === hand.id)) return state;
      const announcement = mine(hand.id)
        ? text("room.announceYourHandUp")
        : viewer.teacher
          ? text("room.announceHandUp", { name: name(hand.id) })
          : state.announcement;
      return { ...state, hands: [...state.hands, hand], announcement };
    }
    case "handLowered": {
      const { id, by } = event.data;
      if (!state.hands.some((h) => h.id === id)) return state;
      const hands = state.hands.filter((h) => h.id !== id);
      let announcement = state.announcement;
      if (mine(id)) {
        announcement = text(by === "teacher" ? "room.announceYourHandLoweredByTeacher" : "room.announceYourHandDown");
      } else if (viewer.teacher) {
        announcement = text(by === "teacher" ? "room.announceHandLowered" : "room.announceHandDown", { name: name(id) });
      }
      return { ...state, hands, announcement };
    }
    case "handsCleared": {
      if (state.hands.length === 0) return state;
      const wasMine = state.hands.some((h) => mine(h.id));
      const announcement = viewer.teacher
        ? text("room.announceHandsCleared")
        : wasMine
          ? text("room.announceYourHandLoweredByTeacher")
          : state.announcement;
      return { ...state, hands: [], announcement };
    }
    case "muted": {
      const { id, muted } = event.data;
      if (state.muted.has(id) === muted) return state;
      const next = new Set(state.muted);
      if (muted) next.add(id);
      else next.delete(id);
      const announcement = mine(id)
        ? text(muted ? "room.announceYouMuted" : "room.announceYouUnmuted")
        : viewer.teacher
          ? text(muted ? "room.announceMuted" : "room.announceUnmuted", { name: name(id) })
          : state.announcement;
      return { ...state, muted: next, announcement };
    }
    case "rules":
      return {
        ...state,
        rules: event.data,
        announcement: rulesAnnouncement(state.rules, event.data, viewer.teacher) ?? state.announcement,
      };
  }
}

/** A student was removed: their hand goes with them, and nobody needs to know they were muted. */
export function participantRemoved(state: RoomState, id: string): RoomState {
  if (!state.hands.some((h) => h.id === id) && !state.muted.has(id)) return state;
  const muted = new Set(state.muted);
  muted.delete(id);
  return { ...state, hands: state.hands.filter((h) => h.id !== id), muted };
}

/** The hub took one of this user's messages at `now` (its ack, or its own copy): slow mode counts from here. */
export function messageTaken(state: RoomState, now: number): RoomState {
  return { ...state, lastSent: now };
}

/** Whether this participant's hand is up. */
export function handRaised(state: RoomState, id: string | null | undefined): boolean {
  return id !== null && id !== undefined && state.hands.some((h) => h.id === id);
}

/**
 * Whole seconds before slow mode lets this student post again (0: now),
 * counted from the hub taking the last message, by this computer's clock.
 */
export function slowModeWait(state: RoomState, now: number): number {
  const seconds = state.rules.slow_seconds;
  if (seconds <= 0 || state.lastSent === null) return 0;
  const left = state.lastSent + seconds * 1000 - now;
  // A `now` from before the send (a clock not yet ticked) waits the whole interval, no more.
  return left <= 0 ? 0 : Math.min(seconds, Math.ceil(left / 1000));
}
