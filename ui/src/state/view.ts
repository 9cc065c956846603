// View models: what components render, derived from ClassroomState. The
// components get plain strings and flags from here and never look at the
// protocol's shapes themselves.

import type { ClassroomState, TimelineItem } from "./classroom";
import { closedText, oldestSeq } from "./classroom";

/** One line of the chat as the chat panel shows it. */
export type MessageView =
  | {
      kind: "message";
      key: string;
      /** Sent by this app's user: shown on the right. */
      mine: boolean;
      /** Sent by the teacher: labelled and coloured apart. */
      teacher: boolean;
      sender: string;
      text: string;
      /** Local HH:MM, and the machine-readable time for `<time>`. */
      time: string;
      dateTime: string;
      status: "sent" | "sending" | "refused";
      /** Why a refused message was not sent. */
      reason: string | null;
    }
  | { kind: "gap"; key: string; text: string };

export interface ParticipantView {
  id: string;
  name: string;
  teacher: boolean;
  online: boolean;
  you: boolean;
  /** The viewer is the teacher and this is a student. */
  removable: boolean;
}

export interface BannerView {
  tone: "info" | "warning" | "error";
  text: string;
  /** The connection is over: offer the way back to Home. */
  closed: boolean;
}

/** Local wall-clock HH:MM of an RFC 3339 time; "" when it does not parse. */
export function formatTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return "";
  const hh = String(date.getHours()).padStart(2, "0");
  const mm = String(date.getMinutes()).padStart(2, "0");
  return `${hh}:${mm}`;
}

export function isTeacher(state: ClassroomState): boolean {
  return state.host !== null || state.you?.role === "teacher";
}

function makeTimelineView(item: TimelineItem, teacherMe: boolean): MessageView {
  switch (item.kind) {
    case "message":
      return {
        kind: "message",
        key: item.key,
        mine: item.mine,
        teacher: item.entry.from.role === "teacher",
        sender: item.mine ? "You" : item.entry.from.name,
        text: item.entry.text,
        time: formatTime(item.entry.ts),
        dateTime: item.entry.ts,
        status: "sent",
        reason: null,
      };
    case "refused":
      return {
        kind: "message",
        key: item.key,
        mine: true,
        teacher: teacherMe,
        sender: "You",
        text: item.text,
        time: "",
        dateTime: "",
        status: "refused",
        reason: item.reason,
      };
    case "gap": {
      const count = item.to - item.from + 1;
      const text =
        count === 1
          ? "One earlier message could not be loaded."
          : `${count} earlier messages could not be loaded.`;
      return { kind: "gap", key: item.key, text };
    }
  }
}

/**
 * Views of timeline items, made once per item: items never change once in
 * the timeline, so each keeps the same view object and the list re-renders
 * only the lines that are new.
 */
const views = new WeakMap<TimelineItem, { teacherMe: boolean; view: MessageView }>();

function timelineView(item: TimelineItem, teacherMe: boolean): MessageView {
  const cached = views.get(item);
  if (cached && cached.teacherMe === teacherMe) return cached.view;
  const view = makeTimelineView(item, teacherMe);
  views.set(item, { teacherMe, view });
  return view;
}

/** The chat's lines: the timeline in order, then what is still being sent. */
export function chatMessages(state: ClassroomState): MessageView[] {
  const teacherMe = isTeacher(state);
  const lines = state.timeline.map((item) => timelineView(item, teacherMe));
  for (const p of state.pending) {
    lines.push({
      kind: "message",
      key: `pending:${p.clientId}`,
      mine: true,
      teacher: teacherMe,
      sender: "You",
      text: p.text,
      time: "",
      dateTime: "",
      status: p.acked ? "sent" : "sending",
      reason: null,
    });
  }
  return lines;
}

/** Everyone in the class: the teacher first, then students by name. */
export function participantList(state: ClassroomState): ParticipantView[] {
  const teacherMe = isTeacher(state);
  const youId = state.you?.id ?? null;
  return [...state.participants]
    .sort((a, b) => {
      if (a.role !== b.role) return a.role === "teacher" ? -1 : 1;
      return a.name.localeCompare(b.name, undefined, { sensitivity: "base" });
    })
    .map((p) => ({
      id: p.id,
      name: p.name,
      teacher: p.role === "teacher",
      online: p.online,
      you: p.id === youId,
      removable: teacherMe && p.role === "student" && p.id !== youId,
    }));
}

/** "Ada is typing…", "Ada and Bo are typing…", "Several people are typing…", or null. */
export function typingText(state: ClassroomState): string | null {
  const names = Object.keys(state.typing)
    .filter((id) => id !== state.you?.id)
    .map((id) => state.participants.find((p) => p.id === id)?.name)
    .filter((name): name is string => name !== undefined)
    .sort((a, b) => a.localeCompare(b));
  const [first, second] = names;
  if (first === undefined) return null;
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return "Several people are typing…";
}

/** The connection banner, or null while all is well. */
export function connectionBanner(state: ClassroomState): BannerView | null {
  const c = state.connection;
  if (c === null) return null;
  switch (c.state) {
    case "connected":
      return null;
    case "connecting":
      return { tone: "info", text: "Connecting…", closed: false };
    case "reconnecting":
      return {
        tone: "warning",
        text: `Reconnecting… (attempt ${c.attempt})`,
        closed: false,
      };
    case "closed":
      return { tone: "error", text: closedText(c), closed: true };
  }
}

/** Whether new messages can be typed (also while reconnecting: they wait in the outbox). */
export function canSend(state: ClassroomState): boolean {
  return state.phase === "inClass" && state.connection?.state !== "closed" && state.you !== null;
}

/** Unicode scalar values, the unit of the hub's length limit, after trimming. */
export function messageLength(text: string): number {
  return [...text.trim()].length;
}

/** Why the message box is disabled, or null when messages can be typed. */
export function composerDisabledReason(state: ClassroomState): string | null {
  if (canSend(state)) return null;
  if (state.connection?.state === "closed") return "The chat is closed.";
  return "Connecting…";
}

/** Progress of a join that has not got in yet (shown on Home). */
export function joinStatus(state: ClassroomState): string | null {
  if (state.phase !== "joining") return null;
  const c = state.connection;
  if (c?.state === "reconnecting") {
    return `Cannot reach the teacher's computer yet. Trying again (attempt ${c.attempt})…`;
  }
  return "Joining…";
}

/** Students in the class, and how many of them are online. */
export function studentCounts(state: ClassroomState): { students: number; online: number } {
  const students = state.participants.filter((p) => p.role === "student");
  return { students: students.length, online: students.filter((p) => p.online).length };
}

/** Everyone online now, the teacher included. */
export function onlineCount(state: ClassroomState): number {
  return state.participants.filter((p) => p.online).length;
}

/** The connection's state as a short line inside the chat panel, or null while connected. */
export function chatNotice(state: ClassroomState): { tone: BannerView["tone"]; text: string } | null {
  const c = state.connection;
  if (c === null || c.state === "connected") return null;
  switch (c.state) {
    case "connecting":
      return { tone: "info", text: "Connecting…" };
    case "reconnecting":
      return { tone: "warning", text: "Reconnecting… Messages you send will go out when the connection is back." };
    case "closed":
      return { tone: "error", text: closedText(c) };
  }
}

/**
 * What the top of the message list shows: a way to load earlier messages,
 * that a page is on its way, the start of the class, or nothing (no messages).
 */
export type EarlierView = "more" | "loading" | "start" | null;

export function earlierView(state: ClassroomState): EarlierView {
  const oldest = oldestSeq(state.timeline);
  if (oldest === null) return null;
  if (state.earlier.loading) return "loading";
  if (state.earlier.complete || oldest <= 1) return "start";
  return "more";
}

/** The teacher's warning while the class's messages cannot be saved, or null. */
export function storageWarning(state: ClassroomState): string | null {
  const storage = state.host?.storage;
  if (storage?.state !== "failing") return null;
  const reason = storage.message.replace(/[.\s]+$/, "");
  return `Messages are not being saved: ${reason}. New messages wait until this is fixed; nothing already sent is lost.`;
}
