// Builders for protocol values in tests: a small class with a teacher (p_1),
// Ada (p_2) and Bo (p_3).

import type {
  AppEvent,
  ChatEntry,
  ClassSummary,
  ErrorCode,
  Hand,
  DiscoveredClass,
  HostInfo,
  Identity,
  Participant,
  PastClasses,
  PollInfo,
  Question,
  Role,
  StorageState,
} from "../api";
import { SESSION_LIMITS } from "../api";
import { type Action, type ClassroomState, initialState, reducer } from "../state/classroom";

export const teacher: Identity = { id: "p_1", name: "Mrs. Núñez", role: "teacher" };

/** When the test polls opened. */
export const POLL_OPENED = "2026-12-02T09:00:00.000Z";

/** A quiz question with three options (`q_1` unless `extra` says otherwise). */
export const pollInfo = (extra: Partial<PollInfo> = {}): PollInfo => ({
  id: "q_1",
  question: "Which planet is largest?",
  kind: "single",
  options: ["Mars", "Jupiter", "Venus"],
  quiz: true,
  anonymous: false,
  changes: false,
  opened_at: POLL_OPENED,
  ...extra,
});
/** When the test questions were asked and answered (unless a test says otherwise). */
export const QUESTION_AT = "2026-12-02T09:20:00.000Z";

/** A private question `id` from `from`, answered with `answers` (private unless a seq is given). */
export function question(id: string, from: Identity, text: string, answers: { text: string; seq?: number }[] = []): Question {
  return { id, from, text, at: QUESTION_AT, answers: answers.map((a) => ({ at: QUESTION_AT, ...a })) };
}

/** When the test hands went up (unless a test says otherwise). */
export const HAND_AT = "2026-12-02T09:10:00.000Z";

/** A raised hand, `minutesAfter` minutes after `HAND_AT`. */
export function hand(id: string, minutesAfter = 0): Hand {
  return { id, at: new Date(Date.parse(HAND_AT) + minutesAfter * 60_000).toISOString() };
}

export const ada: Identity = { id: "p_2", name: "Ada", role: "student" };
export const bo: Identity = { id: "p_3", name: "Bo", role: "student" };
export const cy: Identity = { id: "p_4", name: "Cy", role: "student" };

export function participant(who: Identity, online = true): Participant {
  return { ...who, online };
}

/** An RFC 3339 UTC time whose local wall-clock time is hh:mm today. */
export function localTs(hh: number, mm: number): string {
  const d = new Date();
  d.setHours(hh, mm, 7, 880);
  return d.toISOString();
}

export function entry(seq: number, from: Identity, text: string, clientId = `c-${seq}`): ChatEntry {
  return { seq, id: `m_${seq}`, client_id: clientId, from, text, ts: localTs(10, seq % 60) };
}

/**
 * `e` with its reactions as the hub sends them (in history, in a page):
 * `{"👍": 3}` becomes `[{emoji: "👍", count: 3}]`, in the order given.
 */
export function reacted(e: ChatEntry, counts: Record<string, number>): ChatEntry {
  return { ...e, reactions: Object.entries(counts).map(([emoji, count]) => ({ emoji, count })) };
}

/** The heart as the hub writes it: U+2764 U+FE0F. */
export const HEART = "\u2764\uFE0F";

/** A deleted message as the hub sends it (in history, in a page): no text, `removed`. */
export function removed(e: ChatEntry): ChatEntry {
  return { ...e, text: "", removed: true };
}

/** The delete window of a hub with default settings (120 s), as its welcome carries it. */
export const DELETE_WINDOW_SECONDS = SESSION_LIMITS.delete_window_seconds;

export const ev = {
  connecting: (): AppEvent => ({ kind: "state", data: { state: "connecting" } }),
  connected: (): AppEvent => ({ kind: "state", data: { state: "connected" } }),
  reconnecting: (attempt: number): AppEvent => ({ kind: "state", data: { state: "reconnecting", attempt } }),
  closed: (reason: "left" | "ended" | "removed" | "replaced"): AppEvent => ({
    kind: "state",
    data: { state: "closed", reason },
  }),
  refusedJoin: (code: "bad_code" | "invalid_name" | "name_taken" | "session_full", message: string): AppEvent => ({
    kind: "state",
    data: { state: "closed", reason: "refused", code, message },
  }),
  welcome: (you: Identity, sessionId = "s1", maxChars = 2000): AppEvent => ({
    kind: "welcome",
    data: {
      you,
      session: { id: sessionId, class: "Physics 101", teacher: teacher.name, started_at: localTs(9, 0) },
      limits: { ...SESSION_LIMITS, max_text_chars: maxChars },
    },
  }),
  roster: (...people: Participant[]): AppEvent => ({ kind: "roster", data: people }),
  participant: (p: Participant): AppEvent => ({ kind: "participant", data: p }),
  /** The teacher renamed `who`: their record again, same id, the new name (as everyone gets it). */
  renamed: (who: Identity, name: string, online = true): AppEvent => ({
    kind: "participant",
    data: { ...who, name, online },
  }),
  left: (id: string, reason: "left" | "removed" | "timeout"): AppEvent => ({
    kind: "participantLeft",
    data: { id, reason },
  }),
  message: (e: ChatEntry): AppEvent => ({ kind: "message", data: e }),
  queued: (clientId: string, text: string): AppEvent => ({ kind: "queued", data: { client_id: clientId, text } }),
  acked: (clientId: string, seq: number): AppEvent => ({ kind: "acked", data: { client_id: clientId, seq } }),
  refused: (clientId: string | null, code: ErrorCode, message: string): AppEvent => ({
    kind: "refused",
    data: { client_id: clientId, code, message },
  }),
  typing: (from: string, active: boolean): AppEvent => ({ kind: "typing", data: { from, active } }),
  gap: (from: number, to: number): AppEvent => ({ kind: "gap", data: { from, to } }),
  loadingEarlier: (): AppEvent => ({ kind: "loadingEarlier" }),
  storage: (state: StorageState): AppEvent => ({ kind: "storage", data: state }),
  guessing: (wrongCodes: number): AppEvent => ({ kind: "guessing", data: { wrongCodes } }),
  earlier: (messages: ChatEntry[], complete = false): AppEvent => ({ kind: "earlier", data: { messages, complete } }),
  /** The room a (re)join finds; `over` changes its parts. */
  room: (
    over: {
      locked?: boolean;
      slow?: number;
      nameFilter?: boolean;
      reactionsOff?: boolean;
      hands?: Hand[];
      muted?: string[];
      pinned?: ChatEntry;
    } = {},
  ): AppEvent => ({
    kind: "room",
    data: {
      rules: {
        locked: over.locked ?? false,
        slow_seconds: over.slow ?? 0,
        ...(over.nameFilter === undefined ? {} : { name_filter: over.nameFilter }),
        ...(over.reactionsOff === undefined ? {} : { reactions_off: over.reactionsOff }),
      },
      hands: over.hands ?? [],
      muted: over.muted ?? [],
      ...(over.pinned ? { pinned: over.pinned } : {}),
    },
  }),
  /** Every deleted message's seq, as the hub lists them after a welcome. */
  deletedMessages: (...seqs: number[]): AppEvent => ({ kind: "deletedMessages", data: seqs }),
  messageDeleted: (seq: number, by: "sender" | "teacher" = "teacher"): AppEvent => ({
    kind: "messageDeleted",
    data: { seq, by },
  }),
  /** The pinned message, or none any more (null). */
  pinned: (e: ChatEntry | null): AppEvent => ({ kind: "pinned", data: e }),
  handRaised: (id: string, at = HAND_AT): AppEvent => ({ kind: "handRaised", data: { id, at } }),
  handLowered: (id: string, by: "student" | "teacher" = "student"): AppEvent => ({
    kind: "handLowered",
    data: { id, by },
  }),
  handsCleared: (): AppEvent => ({ kind: "handsCleared" }),
  muted: (id: string, muted = true): AppEvent => ({ kind: "muted", data: { id, muted } }),
  /**
   * The chat's rules now; `nameFilter` and `reactionsOff` left out as a hub
   * before them leaves them out.
   */
  rules: (locked: boolean, slow = 0, nameFilter?: boolean, reactionsOff?: boolean, questionsOff?: boolean): AppEvent => ({
    kind: "rules",
    data: {
      locked,
      slow_seconds: slow,
      ...(nameFilter === undefined ? {} : { name_filter: nameFilter }),
      ...(reactionsOff === undefined ? {} : { reactions_off: reactionsOff }),
      ...(questionsOff === undefined ? {} : { questions_off: questionsOff }),
    },
  }),
  /** The private questions a welcome brings (replacing those held). */
  questions: (list: Question[], earlier = 0): AppEvent => ({ kind: "questions", data: { list, earlier } }),
  /** Student: their question is kept, on its way. */
  questionQueued: (clientId: string, text: string): AppEvent => ({
    kind: "questionQueued",
    data: { client_id: clientId, text },
  }),
  /** Teacher: their answer is kept, on its way. */
  replyQueued: (question: string, clientId: string, text: string, isPublic = false): AppEvent => ({
    kind: "replyQueued",
    data: { question, client_id: clientId, text, public: isPublic },
  }),
  /** A question taken: the asker's own (with `clientId`), or a student's for the teacher. */
  questionAsked: (q: Question, clientId?: string): AppEvent => ({
    kind: "questionAsked",
    data: { question: q, ...(clientId === undefined ? {} : { client_id: clientId }) },
  }),
  /** An answer taken; `seq`: given for everyone (the chat message carrying it). */
  questionAnswered: (question: string, text: string, over: { seq?: number; clientId?: string; at?: string } = {}): AppEvent => ({
    kind: "questionAnswered",
    data: {
      question,
      answer: { text, at: over.at ?? QUESTION_AT, ...(over.seq === undefined ? {} : { seq: over.seq }) },
      ...(over.clientId === undefined ? {} : { client_id: over.clientId }),
    },
  }),
  /** This user's own reactions, as the hub lists them after a welcome: `[seq, emoji]` pairs. */
  myReactions: (...mine: [number, string][]): AppEvent => ({
    kind: "myReactions",
    data: mine.map(([seq, emoji]) => ({ seq, emoji })),
  }),
  /** `by` added (`on`) or took back `emoji` on message `seq`, which now has `count` of it. */
  reactionChanged: (seq: number, emoji: string, by: string, on: boolean, count: number): AppEvent => ({
    kind: "reactionChanged",
    data: { seq, emoji, by, on, count },
  }),
};

/** Messages `from`..=`to` from Bo, e.g. a page of the log. */
export function entries(from: number, to: number, who: Identity = bo): ChatEntry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, who, `line ${from + i}`));
}

/** A class as the shell lists it from the network; `over` changes fields. */
export function discovered(name: string, over: Partial<DiscoveredClass> = {}): DiscoveredClass {
  const [teacherName, className] = name.split(" — ") as [string, string | undefined];
  return {
    id: `${className ?? name}._classroom._tcp.local.`,
    instance: className ?? name,
    name,
    class: className ?? null,
    teacher: className ? teacherName : null,
    session: "0f3c9a7e5b2d4c18a6e1f0b9d8c7a654",
    protocol: 1,
    compatibility: "supported",
    code_required: true,
    path: "/ws",
    host: "classroom-0f3c9a7e5b2d.local.",
    port: 4455,
    addresses: ["192.168.1.20", "fe80::1"],
    txt: {},
    ...over,
  };
}

/** What the shell says about a class this app started (no mDNS). */
export function hostInfo(over: Partial<HostInfo> = {}): HostInfo {
  return {
    session: "0f3c9a7e5b2d4c18a6e1f0b9d8c7a654",
    resumed: false,
    storage: { state: "ok" },
    class: "Physics 101",
    teacher: teacher.name,
    code: "482913",
    addresses: ["192.168.1.20:4455"],
    join_link: "http://192.168.1.20:4455/",
    qr: { text: "http://192.168.1.20:4455/", size: 21, path: "M0 0h7v1h-7z" },
    web: true,
    advertising: { state: "off" },
    ...over,
  };
}

/** Applies actions in order; events are stamped with `now`. */
export function run(state: ClassroomState, ...actions: (Action | AppEvent)[]): ClassroomState {
  return actions.reduce<ClassroomState>(
    (s, a) => reducer(s, "kind" in a ? { type: "event", event: a, now: 1_000 } : a),
    state,
  );
}

/** A student (Ada by default) who got in: welcome and roster applied. */
export function inClassAs(you: Identity = ada, role: Role = you.role): ClassroomState {
  const joining = reducer(initialState, {
    type: "joinStarted",
    request: { address: "192.168.1.20:4455", name: you.name, code: "482913" },
  });
  const base =
    role === "teacher"
      ? run(
          initialState,
          { type: "hostStarted" },
          {
            type: "hostSucceeded",
            info: hostInfo(),
          },
        )
      : joining;
  return run(
    base,
    ev.connecting(),
    ev.connected(),
    ev.welcome(you),
    ev.roster(participant(teacher), participant(ada), participant(bo)),
  );
}

/** An RFC 3339 UTC time at local hh:mm, `daysAgo` days before today. */
export function localDay(daysAgo: number, hh: number, mm: number): string {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  d.setHours(hh, mm, 0, 0);
  return d.toISOString();
}

/** A class kept on this computer; `over` changes fields. */
export function summary(id: string, over: Partial<ClassSummary> = {}): ClassSummary {
  return {
    id,
    class: "Physics 101",
    teacher: teacher.name,
    started_at: localDay(0, 9, 0),
    ended_at: localDay(0, 9, 50),
    last_active_at: localDay(0, 9, 50),
    messages: 42,
    participants: 18,
    ...over,
  };
}

/** What `past_classes` answers. */
export function past(classes: ClassSummary[], retention: number | null = null): PastClasses {
  return { classes, retention_days: retention, folder: "/home/teacher/.local/share/classroom" };
}
