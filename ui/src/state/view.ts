// View models: what components render, derived from ClassroomState. The
// components get data, flags and `Text`s (sentences not yet worded: the
// component words them in the user's language) from here and never look at
// the protocol's shapes themselves.

import type { AdvertiseStatus } from "../api";
import { type Text, text } from "../i18n";
import type { ClassroomState, TimelineItem } from "./classroom";
import { closedText, oldestSeq } from "./classroom";
import { handRaised } from "./room";
import { namesById } from "./names";

/** A private question a message answers for everyone, as it quotes it. */
export interface QuoteView {
  text: string;
  /** Who asked, only when the teacher chose to show it. */
  name: string | null;
}

/** One line of the chat as the chat panel shows it. */
export type MessageView =
  | {
      kind: "message";
      key: string;
      /** Its place in the class's log; null while not sent (pending, refused). */
      seq: number | null;
      /** Sent by this app's user: shown on the right. */
      mine: boolean;
      /** Sent by the teacher: labelled and coloured apart. */
      teacher: boolean;
      /**
       * The sender's name now (shown as "You" when `mine`): the list of
       * participants' (a student renamed since shows their new name), else
       * the one the message carries.
       */
      sender: string;
      /** The text ("" once removed). */
      text: string;
      /** Deleted (by the teacher or its sender): shown as "Message removed", in place. */
      removed: boolean;
      /** The machine-readable time (RFC 3339), "" while not sent. */
      dateTime: string;
      status: "sent" | "sending" | "refused";
      /** Why a refused message was not sent. */
      reason: Text | null;
      /** The private question it answers for everyone, quoted (absent: none, or removed). */
      quote?: QuoteView | null;
    }
  | { kind: "gap"; key: string; text: Text };

export interface ParticipantView {
  id: string;
  name: string;
  teacher: boolean;
  online: boolean;
  you: boolean;
  /** The viewer is the teacher and this is a student. */
  removable: boolean;
  /** Their hand is up (hands are public). */
  hand: boolean;
  /** Muted by the teacher (the teacher knows of all; a student only of themselves). */
  muted: boolean;
  /** The viewer is the teacher and this is a student: Mute / Unmute. */
  mutable: boolean;
  /** The viewer is the teacher and this is a student: Rename. */
  renamable: boolean;
}

export interface BannerView {
  tone: "info" | "warning" | "error";
  text: Text;
  /** The connection is over: offer the way back to Home. */
  closed: boolean;
}

/**
 * The local wall-clock time of an RFC 3339 time, as `locale` writes it
 * (hours and minutes); "" when it does not parse.
 */
export function formatTime(rfc3339: string, locale: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return "";
  return timeFormat(locale).format(date);
}

// Intl formatters are slow to make and cheap to use: one per locale, made
// once (a lecture's 5,000 lines and 300 names are formatted and sorted on
// every change).
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(locale: string): Intl.DateTimeFormat {
  let found = timeFormats.get(locale);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
    timeFormats.set(locale, found);
  }
  return found;
}

/** Names compared as readers sort them: case and accents aside. */
const names = new Intl.Collator(undefined, { sensitivity: "base" });

export function isTeacher(state: ClassroomState): boolean {
  return state.host !== null || state.you?.role === "teacher";
}

function makeTimelineView(item: TimelineItem, teacherMe: boolean, sender: string): MessageView {
  switch (item.kind) {
    case "message":
      return {
        kind: "message",
        key: item.key,
        seq: item.entry.seq,
        mine: item.mine,
        teacher: item.entry.from.role === "teacher",
        sender,
        text: item.entry.removed === true ? "" : item.entry.text,
        removed: item.entry.removed === true,
        dateTime: item.entry.ts,
        status: "sent",
        reason: null,
        // Only a line that quotes has the field (a removed one quotes nothing).
        ...(item.entry.quote && item.entry.removed !== true
          ? { quote: { text: item.entry.quote.text, name: item.entry.quote.name ?? null } }
          : {}),
      };
    case "refused":
      return {
        kind: "message",
        key: item.key,
        seq: null,
        mine: true,
        teacher: teacherMe,
        sender: "",
        text: item.text,
        removed: false,
        dateTime: "",
        status: "refused",
        reason: item.reason,
      };
    case "gap": {
      const count = item.to - item.from + 1;
      return { kind: "gap", key: item.key, text: text("chat.gap", { count }) };
    }
  }
}

/**
 * Views of timeline items, made once per item: an item never changes once
 * in the timeline (a deleted message gets a new item in its place), so each
 * keeps the same view object, until its sender is renamed, and the list
 * re-renders only the lines that are new or changed.
 */
const views = new WeakMap<TimelineItem, { teacherMe: boolean; sender: string; view: MessageView }>();

function timelineView(item: TimelineItem, teacherMe: boolean, names: ReadonlyMap<string, string>): MessageView {
  const sender = item.kind === "message" ? (names.get(item.entry.from.id) ?? item.entry.from.name) : "";
  const cached = views.get(item);
  if (cached && cached.teacherMe === teacherMe && cached.sender === sender) return cached.view;
  const view = makeTimelineView(item, teacherMe, sender);
  views.set(item, { teacherMe, sender, view });
  return view;
}

/**
 * `make`, remembering its last result: made again only when one of its
 * inputs (compared by identity) is not the last call's. The screen renders
 * on every message, tick and typing signal; what it shows from parts of the
 * state that did not change is then the same object, not made again.
 */
function rememberingLast<I extends readonly unknown[], R>(make: (...inputs: I) => R): (...inputs: I) => R {
  let last: { inputs: I; result: R } | null = null;
  return (...inputs) => {
    if (last !== null && inputs.every((input, i) => Object.is(input, last!.inputs[i]))) return last.result;
    const result = make(...inputs);
    last = { inputs, result };
    return result;
  };
}

const lines = rememberingLast(
  (
    timeline: readonly TimelineItem[],
    from: number,
    pending: ClassroomState["pending"],
    participants: ClassroomState["participants"],
    teacherMe: boolean,
  ): MessageView[] => {
    const names = namesById(participants);
    const shown: MessageView[] = [];
    for (let i = from; i < timeline.length; i++) shown.push(timelineView(timeline[i]!, teacherMe, names));
    for (const p of pending) {
      shown.push({
        kind: "message",
        key: `pending:${p.clientId}`,
        seq: null,
        mine: true,
        teacher: teacherMe,
        sender: "",
        text: p.text,
        removed: false,
        dateTime: "",
        status: p.acked ? "sent" : "sending",
        reason: null,
      });
    }
    return shown;
  },
);

/**
 * The chat's lines: the timeline from where the list starts (`chatFrom`),
 * then what is still being sent. The same array while none of that changes:
 * a new array makes the list lay its lines out again.
 */
export function chatMessages(state: ClassroomState): MessageView[] {
  return lines(state.timeline, state.chatFrom, state.pending, state.participants, isTeacher(state));
}

const people = rememberingLast(
  (
    participants: ClassroomState["participants"],
    room: ClassroomState["room"],
    youId: string | null,
    teacherMe: boolean,
  ): ParticipantView[] =>
    [...participants]
      .sort((a, b) => {
        if (a.role !== b.role) return a.role === "teacher" ? -1 : 1;
        return names.compare(a.name, b.name);
      })
      .map((p) => ({
        id: p.id,
        name: p.name,
        teacher: p.role === "teacher",
        online: p.online,
        you: p.id === youId,
        removable: teacherMe && p.role === "student" && p.id !== youId,
        hand: handRaised(room, p.id),
        muted: room.muted.has(p.id),
        mutable: teacherMe && p.role === "student" && p.id !== youId,
        renamable: teacherMe && p.role === "student" && p.id !== youId,
      })),
);

/**
 * Everyone in the class: the teacher first, then students by name. The
 * same array while the class and the room do not change (sorting 300 names
 * on every message was wasted work).
 */
export function participantList(state: ClassroomState): ParticipantView[] {
  return people(state.participants, state.room, state.you?.id ?? null, isTeacher(state));
}

/** Teacher: how many students are offline now (what "Remove offline students" would remove). */
export function offlineStudents(state: ClassroomState): number {
  if (!isTeacher(state)) return 0;
  return state.participants.filter((p) => p.role === "student" && !p.online).length;
}

/** What the teacher is told about the class code: someone guessing it, or the new code. */
export type CodeAlert = { kind: "guessing"; wrongCodes: number } | { kind: "changed"; code: string };

export function codeAlert(state: ClassroomState): CodeAlert | null {
  if (!state.host) return null;
  const { wrongCodes, hidden } = state.guessing;
  if (wrongCodes > 0 && !hidden) return { kind: "guessing", wrongCodes };
  if (state.codeChanged) return { kind: "changed", code: state.host.code };
  return null;
}

/** "Ada is typing…", "Ada and Bo are typing…", "Several people are typing…", or null. */
export function typingText(state: ClassroomState): Text | null {
  const names = Object.keys(state.typing)
    .filter((id) => id !== state.you?.id)
    .map((id) => state.participants.find((p) => p.id === id)?.name)
    .filter((name): name is string => name !== undefined)
    .sort((a, b) => a.localeCompare(b));
  const [first, second] = names;
  if (first === undefined) return null;
  if (second === undefined) return text("chat.typingOne", { name: first });
  if (names.length === 2) return text("chat.typingTwo", { first, second });
  return text("chat.typingMany");
}

/** The connection banner, or null while all is well. */
export function connectionBanner(state: ClassroomState): BannerView | null {
  const c = state.connection;
  if (c === null) return null;
  switch (c.state) {
    case "connected":
      return null;
    case "connecting":
      return { tone: "info", text: text("class.connecting"), closed: false };
    case "reconnecting":
      return { tone: "warning", text: text("class.reconnecting", { attempt: c.attempt }), closed: false };
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
export function composerDisabledReason(state: ClassroomState): Text | null {
  if (canSend(state)) return null;
  if (state.connection?.state === "closed") return text("chat.closed");
  return text("class.connecting");
}

/** Progress of a join that has not got in yet (shown on Home). */
export function joinStatus(state: ClassroomState): Text | null {
  if (state.phase !== "joining") return null;
  const c = state.connection;
  if (c?.state === "reconnecting") return text("class.joinRetrying", { attempt: c.attempt });
  return text("class.joining");
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
export function chatNotice(state: ClassroomState): { tone: BannerView["tone"]; text: Text } | null {
  const c = state.connection;
  if (c === null || c.state === "connected") return null;
  switch (c.state) {
    case "connecting":
      return { tone: "info", text: text("class.connecting") };
    case "reconnecting":
      return { tone: "warning", text: text("chat.reconnecting") };
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
  // Lines kept above the list come first, before any page from the hub.
  if (state.chatFrom > 0) return "more";
  if (state.earlier.loading) return "loading";
  if (state.earlier.complete || oldest <= 1) return "start";
  return "more";
}

/** The teacher's warning while the class's messages cannot be saved, or null. */
export function storageWarning(state: ClassroomState): Text | null {
  const storage = state.host?.storage;
  if (storage?.state !== "failing") return null;
  if (storage.code !== undefined) return text(`storage.${storage.code}`, values(storage.params));
  return text("class.storageFailing", { detail: storage.message.replace(/[.\s]+$/, "") });
}

/** A code's params as message values (absent ones left out). */
export function values(params: { [key in string]?: string | number } | undefined): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params ?? {}).filter((entry): entry is [string, string | number] => entry[1] !== undefined),
  );
}

/** What the teacher is told about a class that could not be listed: why, and what would fix it. */
export function advertiseFailure(
  status: Extract<AdvertiseStatus, { state: "failed" }>,
): { reason: Text; fix: Text } {
  if (status.code === undefined) {
    return { reason: text("common.error", { detail: status.reason }), fix: text("common.error", { detail: status.fix }) };
  }
  const params = values(status.params);
  return { reason: text(`advertise.${status.code}`, params), fix: text(`advertiseFix.${status.code}`) };
}

/** Doubts about a class that is listed (e.g. incoming mDNS looks dropped), one `Text` each. */
export function advertiseWarnings(status: Extract<AdvertiseStatus, { state: "on" }>): Text[] {
  if (status.problems === undefined) return status.warnings.map((detail) => text("common.error", { detail }));
  return status.problems.map((problem) =>
    text(`problem.${problem.code}`, { ...values(problem.params), interface: problem.interface }),
  );
}
