// What the room's components show, derived from the room the reducer keeps
// (state/room.ts): a student's hand toggle and what the chat's rules mean
// for their message box (muted, locked, slow mode and its countdown); the
// teacher's queue of raised hands and the rules' controls. The teacher is
// exempt from every rule. Pure: time comes in as `now` (ms), sentences go
// out as `Text`s.

import { type Text, text } from "../i18n";
import type { ClassroomState } from "./classroom";
import { reactionsOff } from "./reactions";
import { questionsOff } from "./questions";
import { handRaised, nameFilterOn, slowModeWait } from "./room";
import { isTeacher } from "./view";

/** The slow-mode intervals the hub accepts, in seconds (0: off). */
export const SLOW_MODE_CHOICES: readonly number[] = [0, 5, 10, 30, 60];

/** Room commands (and deleting or pinning messages) go out only while connected (the shell drops them otherwise). */
export function connected(state: ClassroomState): boolean {
  return state.phase === "inClass" && state.connection?.state === "connected" && state.you !== null;
}

/** Whether this user is a muted student. */
function mutedMe(state: ClassroomState): boolean {
  const you = state.you?.id;
  return you !== undefined && !isTeacher(state) && state.room.muted.has(you);
}

// ---------------------------------------------------------------------------
// The student

export interface HandToggleView {
  /** The student's hand is up. */
  raised: boolean;
  /** Not connected: the hub would never hear it. */
  disabled: boolean;
}

/** The student's Raise hand toggle; null for the teacher. */
export function handToggle(state: ClassroomState): HandToggleView | null {
  if (isTeacher(state) || state.you === null) return null;
  return { raised: handRaised(state.room, state.you.id), disabled: !connected(state) };
}

/** How the chat's rules stand for this user's message box. */
export interface ComposerRulesView {
  /** Why nothing can be posted (muted, locked chat), or null. */
  blocked: Text | null;
  /** Slow mode's interval, while on. */
  rule: Text | null;
  /** Why Send waits (the countdown, or the last message still on its way), or null. */
  wait: Text | null;
}

const NO_RULES: ComposerRulesView = { blocked: null, rule: null, wait: null };

export function composerRules(state: ClassroomState, now: number): ComposerRulesView {
  if (isTeacher(state) || state.you === null) return NO_RULES;
  if (mutedMe(state)) return { ...NO_RULES, blocked: text("room.youAreMuted") };
  const { locked, slow_seconds: seconds } = state.room.rules;
  if (locked) return { ...NO_RULES, blocked: text("room.chatLocked") };
  if (seconds <= 0) return NO_RULES;
  const rule = text("room.slowMode", { seconds });
  // A second message before the first is taken would only be refused.
  if (state.pending.some((p) => !p.acked)) return { blocked: null, rule, wait: text("room.slowSending") };
  const left = slowModeWait(state.room, now);
  return { blocked: null, rule, wait: left > 0 ? text("room.slowWait", { seconds: left }) : null };
}

/** What the student's class screen says about the rules now (empty: nothing). */
export function studentRoomNotices(state: ClassroomState): Text[] {
  if (isTeacher(state) || state.you === null) return [];
  // Private questions go to the teacher whatever the chat's rules.
  const stillCan = text(questionsOff(state.room.rules) ? "room.stillCan" : "room.stillCanAsk");
  if (mutedMe(state)) return [text("room.youAreMuted"), stillCan];
  const { locked, slow_seconds: seconds } = state.room.rules;
  if (locked) return [text("room.chatLocked"), stillCan];
  if (seconds > 0) return [text("room.slowMode", { seconds })];
  return [];
}

// ---------------------------------------------------------------------------
// The teacher

export interface HandView {
  /** The student's participant id. */
  id: string;
  name: string;
  /** How long they have waited: "just now", "2 min". */
  waited: Text;
}

/** Whole minutes since `at` (RFC 3339), never negative; 0 when it does not parse. */
function minutesSince(at: string, now: number): number {
  const since = now - Date.parse(at);
  return Number.isNaN(since) || since < 0 ? 0 : Math.floor(since / 60_000);
}

/** Teacher: the raised hands, in the order they went up; empty for students. */
export function handQueue(state: ClassroomState, now: number): HandView[] {
  if (!isTeacher(state)) return [];
  return state.room.hands.map((hand) => ({
    id: hand.id,
    name: state.participants.find((p) => p.id === hand.id)?.name ?? "",
    waited: text("room.waited", { minutes: minutesSince(hand.at, now) }),
  }));
}

/** Teacher: how many hands are up (0 for students, who have no queue). */
export function raisedHandCount(state: ClassroomState): number {
  return isTeacher(state) ? state.room.hands.length : 0;
}

export interface RoomRulesView {
  locked: boolean;
  /** Slow mode's interval in seconds (0: off). */
  slowSeconds: number;
  /** Joining students with an offensive name are turned away. */
  nameFilter: boolean;
  /** Everyone may react to messages (the teacher has not turned reactions off). */
  reactions: boolean;
  /** Not connected: a change would not reach the hub. */
  disabled: boolean;
}

/** Teacher: the chat's rules and whether they can be changed now; null for students. */
export function roomRules(state: ClassroomState): RoomRulesView | null {
  if (!isTeacher(state)) return null;
  const { locked, slow_seconds } = state.room.rules;
  return {
    locked,
    slowSeconds: slow_seconds,
    nameFilter: nameFilterOn(state.room.rules),
    reactions: !reactionsOff(state.room.rules),
    disabled: !connected(state),
  };
}

/** Teacher: whether the hand and mute buttons can act now. */
export function roomActionsEnabled(state: ClassroomState): boolean {
  return isTeacher(state) && connected(state);
}

// ---------------------------------------------------------------------------
// Time

/**
 * How often the screen's clock must tick for the room (ms), or null: every
 * second during slow mode's countdown, every few seconds while the teacher
 * has hands waiting (minutes are shown).
 */
export function roomTickMs(state: ClassroomState, now: number): number | null {
  if (isTeacher(state)) return state.room.hands.length > 0 ? 10_000 : null;
  return slowModeWait(state.room, now) > 0 ? 1_000 : null;
}
