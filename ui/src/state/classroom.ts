// The view state of the app and the pure reducer that builds it from the
// shell's `AppEvent`s and the user's local intents. No React, no timers,
// no Tauri: time comes in with the actions, so every rule here is a plain
// function of (state, action) and is unit-tested in classroom.test.ts.
//
// The Rust client owns delivery: each message arrives once and in order,
// earlier pages come before everything shown, every event about a sent
// message follows its `queued` event, and a page on its way is announced
// (`loadingEarlier`). So nothing here settles, dedupes or pages; it only
// keeps what the screen shows. A new class activity adds its slice of
// state and its cases in its own module, called from `applyEvent`.

import type {
  AdvertiseStatus,
  AppEvent,
  ChatEntry,
  ConnectionState,
  ErrorCode,
  HostInfo,
  JoinLink,
  Identity,
  JoinRequest,
  Participant,
  SessionInfo,
  SessionLimits,
} from "../api";
import { MAX_NAME_CHARS } from "../api";
import { type Text, text } from "../i18n";
import { type HistoryAction, type HistoryState, historyReducer, initialHistory } from "./pastClasses";
import {
  type MessageEditEvent,
  type MessageEditsState,
  applyMessageEdit,
  deleteWindowSeconds,
  initialMessageEdits,
  isMessageEditEvent,
  pinnedAtJoin,
  removedEntry,
  shownEntry,
} from "./messageEdits";
import { type PollsState, answerRefused, applyPollEvent, initialPolls, isPollEvent } from "./polls";
import {
  type ReactionsState,
  applyReactionEvent,
  entriesArrived,
  initialReactions,
  isReactionEvent,
  messagesDeleted,
} from "./reactions";
import {
  type QuestionsState,
  answerFailed,
  applyQuestionEvent,
  initialQuestions,
  isQuestionEvent,
  questionFailed,
  questionRefused,
  questionsDisconnected,
} from "./questions";
import { type RoomState, applyRoomEvent, initialRoom, isRoomEvent, messageTaken, participantRemoved } from "./room";
import {
  type RenameState,
  currentName,
  initialRename,
  isRenameRefusal,
  renameDisconnected,
  renameFailed,
  renameGone,
  renameOpened,
  renameRefusalText,
  renameRefused,
  renameSeen,
  renameSent,
} from "./names";

/** How long a "typing" signal lasts without a refresh. */
export const TYPING_TTL_MS = 5_000;

/**
 * The newest lines the chat's list holds while the reader follows the
 * bottom, and how many more each "Load earlier" shows of those kept above
 * them. Lines above the window stay in the state; only the list leaves them
 * out, so a message's work on screen (laying out, measuring) is bounded by
 * the window and not by the length of the lecture.
 */
export const CHAT_WINDOW = 500;

/**
 * How far past `CHAT_WINDOW` the list grows at the bottom before it is
 * trimmed back: trimming moves every line drawn up, so it is done once per
 * this many messages, not for each.
 */
export const CHAT_TRIM_STEP = 100;

export type Phase = "home" | "starting" | "joining" | "inClass";
export type Tab = "chat" | "participants" | "questions";

/** A line in the chat, in the order it happened. Pending messages are kept apart. */
export type TimelineItem =
  | { kind: "message"; key: string; entry: ChatEntry; mine: boolean }
  | { kind: "refused"; key: string; text: string; code: ErrorCode | null; reason: Text }
  | { kind: "gap"; key: string; from: number; to: number };

/** A message we sent that the hub has not confirmed yet. */
export interface PendingMessage {
  /** The id the shell queued it under (its `queued` event). */
  clientId: string;
  text: string;
  /** The hub acknowledged it (the own copy is on its way). */
  acked: boolean;
}

/** Which form field an error on Home belongs to, if any. */
export type HomeField = "class" | "teacher" | "address" | "name" | "code";

/** An error on Home as the screen shows it (worded). */
export interface HomeError {
  card: "host" | "join";
  field: HomeField | null;
  message: string;
}

/** An error on Home as the state keeps it (worded when shown). */
export interface HomeErrorState {
  card: "host" | "join";
  field: HomeField | null;
  message: Text;
}

export interface ClassroomState {
  phase: Phase;
  /** The class this app hosts (teacher only). */
  host: HostInfo | null;
  homeError: HomeErrorState | null;
  /** The join form's contents to show: the last join, or the one just tried. */
  joinDraft: JoinRequest | null;
  connection: ConnectionState | null;
  you: Identity | null;
  session: SessionInfo | null;
  limits: SessionLimits | null;
  participants: Participant[];
  timeline: TimelineItem[];
  /**
   * Where the chat's list starts in `timeline`: the lines before it are kept
   * but not shown. A reader at the bottom has the newest `CHAT_WINDOW`; one
   * reading higher up keeps what is shown, however many come meanwhile.
   */
  chatFrom: number;
  pending: PendingMessage[];
  /** Participant id → time (ms) its typing signal expires. */
  typing: Record<string, number>;
  /** Messages from others not seen yet (panel closed, other tab, or scrolled up). */
  unread: number;
  panel: { open: boolean; tab: Tab; atBottom: boolean };
  /** The newest message from someone else, for the screen reader's live region. */
  announcement: { key: string; text: Text } | null;
  /** An error from a class command (remove, end, leave) or a general refusal. */
  notice: Text | null;
  /**
   * Older messages, loaded a page at a time on request: whether a page is on
   * its way (as the shell says), and whether the start of the class has been
   * reached.
   */
  earlier: { loading: boolean; complete: boolean };
  /** The classes kept on this computer (kept across classes). */
  history: HistoryState;
  /**
   * Teacher: someone may be guessing the class code (wrong codes in the last
   * minute, as the shell reports them; 0: not now), and whether the teacher
   * put the warning aside (it comes back if the count grows).
   */
  guessing: { wrongCodes: number; hidden: boolean };
  /** Teacher: the class code was just changed (said until put aside). */
  codeChanged: boolean;
  /** Teacher: the join link shown carries the class code (`host.join_link` is that link then). */
  linkWithCode: boolean;
  /** The class's polls. */
  polls: PollsState;
  /** The room: raised hands, who is muted, the chat's rules. */
  room: RoomState;
  /** Deleted messages (shown removed wherever they are) and the pinned one. */
  edits: MessageEditsState;
  /** How many gave each reaction to each message, and which this user gave. */
  reactions: ReactionsState;
  /** Private questions: a student's own, every student's for the teacher. */
  questions: QuestionsState;
  /** Teacher: the New poll dialog, and why the hub refused the last poll it sent. */
  composer: { open: boolean; error: Text | null };
  /** Teacher: the Rename dialog (for which student), the rename on its way, why the last was refused. */
  rename: RenameState;
}

export type Action =
  | { type: "event"; event: AppEvent; now: number }
  | { type: "tick"; now: number }
  | { type: "prefill"; request: JoinRequest }
  | { type: "hostStarted" }
  | { type: "hostSucceeded"; info: HostInfo }
  /** `damaged`: the class history could not be read (Start fresh is offered). */
  | { type: "hostFailed"; message: Text; damaged?: boolean }
  /** The hosted class's advertising status changed (after a retry). */
  | { type: "advertising"; status: AdvertiseStatus }
  /** Asking for earlier messages failed (the shell said why). */
  | { type: "earlierFailed"; message: Text }
  /** The reader asked for earlier lines while some are kept above the list: the next `CHAT_WINDOW` of them show. */
  | { type: "showEarlier" }
  | { type: "history"; action: HistoryAction }
  | { type: "joinStarted"; request: JoinRequest }
  | { type: "joinFailed"; message: Text }
  /** The shell could not queue a message (`key` tells this line from others). */
  | { type: "sendFailed"; key: string; text: string; message: Text }
  /** The shell could not queue a private question (`key` tells this one from others). */
  | { type: "questionFailed"; key: string; text: string; message: Text }
  /** The shell could not queue the teacher's answer to a question. */
  | { type: "answerFailed"; key: string; question: string; text: string; public: boolean; message: Text }
  | { type: "panelToggled"; open: boolean }
  | { type: "tabSelected"; tab: Tab }
  | { type: "scrolled"; atBottom: boolean }
  | { type: "notice"; message: Text | null }
  /** The teacher gave the class a new code. */
  | { type: "codeChanged"; code: string }
  | { type: "joinLink"; link: JoinLink }
  /** The teacher put the guessing warning (or the new code's note) aside. */
  | { type: "guessingDismissed" }
  /** The teacher opens (true) or closes (false) the New poll dialog. */
  | { type: "composer"; open: boolean }
  /** The teacher opens the Rename dialog for a student (`id`), or closes it (null). */
  | { type: "rename"; id: string | null }
  /** The dialog's new name went to the shell (it shows as saving until the class has it). */
  | { type: "renameSent" }
  /** The shell could not send the rename (it said why). */
  | { type: "renameFailed"; message: Text }
  | { type: "reset" };

export const initialState: ClassroomState = {
  phase: "home",
  host: null,
  homeError: null,
  joinDraft: null,
  connection: null,
  you: null,
  session: null,
  limits: null,
  participants: [],
  timeline: [],
  chatFrom: 0,
  pending: [],
  typing: {},
  unread: 0,
  panel: { open: false, tab: "chat", atBottom: true },
  announcement: null,
  notice: null,
  earlier: { loading: false, complete: false },
  history: initialHistory,
  guessing: { wrongCodes: 0, hidden: false },
  codeChanged: false,
  linkWithCode: false,
  polls: initialPolls,
  room: initialRoom,
  edits: initialMessageEdits,
  reactions: initialReactions,
  questions: initialQuestions,
  composer: { open: false, error: null },
  rename: initialRename,
};

/** Everything about a class, cleared when going back to Home. */
function classCleared(state: ClassroomState): ClassroomState {
  return { ...initialState, joinDraft: state.joinDraft, history: state.history };
}

/** The `seq` of the oldest line shown (a message, or the start of a gap); null when none is. */
export function oldestSeq(timeline: readonly TimelineItem[]): number | null {
  for (const item of timeline) {
    if (item.kind === "message") return item.entry.seq;
    if (item.kind === "gap") return item.from;
  }
  return null;
}

/** Whether the newest chat line is on screen. */
export function chatVisible(state: ClassroomState): boolean {
  return state.panel.open && state.panel.tab === "chat" && state.panel.atBottom;
}

/** The reason a closed connection shows. */
export function closedText(state: Extract<ConnectionState, { state: "closed" }>): Text {
  switch (state.reason) {
    case "left":
      return text("class.closedLeft");
    case "ended":
      return text("class.closedEnded");
    case "removed":
      return text("class.closedRemoved");
    case "replaced":
      return text("class.closedReplaced");
    case "refused":
      return refusalText(state.code, state.message);
  }
}

/**
 * What a refusal from the hub says, by its code: the hub's own sentence is
 * English, so the UI words each code itself; `message` (the hub's words)
 * only fills in for a code this app does not know yet.
 */
export function refusalText(
  code: ErrorCode,
  message: string,
  limits: { maxChars?: number | null; slowSeconds?: number; deleteWindowSeconds?: number } = {},
): Text {
  const { maxChars, slowSeconds, deleteWindowSeconds } = limits;
  switch (code) {
    case "bad_code":
      return text("refusal.badCode");
    case "bad_token":
      return text("refusal.badToken");
    case "invalid_name":
      return text("refusal.invalidName", { max: MAX_NAME_CHARS });
    case "name_taken":
      return text("refusal.nameTaken");
    case "removed":
      return text("refusal.removed");
    case "too_many_attempts":
      return text("refusal.tooManyAttempts");
    case "session_full":
      return text("refusal.sessionFull");
    case "session_ended":
      return text("refusal.sessionEnded");
    case "empty":
      return text("refusal.empty");
    case "too_long":
      return maxChars ? text("refusal.tooLongMax", { max: maxChars }) : text("refusal.tooLong");
    case "rate_limited":
      return text("refusal.rateLimited");
    case "forbidden":
      return text("refusal.forbidden");
    case "unknown_participant":
      return text("refusal.unknownParticipant");
    case "poll_open":
      return text("refusal.pollOpen");
    case "unknown_poll":
      return text("refusal.unknownPoll");
    case "poll_closed":
      return text("refusal.pollClosed");
    case "invalid_poll":
      return text("refusal.invalidPoll");
    case "invalid_answer":
      return text("refusal.invalidAnswer");
    case "answer_locked":
      return text("refusal.answerLocked");
    case "muted":
      return text("refusal.muted");
    case "chat_locked":
      return text("refusal.chatLocked");
    case "slow_mode":
      return slowSeconds ? text("refusal.slowModeEvery", { seconds: slowSeconds }) : text("refusal.slowMode");
    case "invalid_setting":
      return text("refusal.invalidSetting");
    case "unknown_message":
      return text("refusal.unknownMessage");
    case "delete_expired":
      // The hub words the window in whole minutes, rounded up.
      return deleteWindowSeconds
        ? text("refusal.deleteExpiredWindow", { minutes: Math.ceil(deleteWindowSeconds / 60) })
        : text("refusal.deleteExpired");
    case "invalid_reaction":
      return text("refusal.invalidReaction");
    case "reactions_off":
      return text("refusal.reactionsOff");
    case "unknown_question":
      return text("refusal.unknownQuestion");
    case "questions_off":
      return text("refusal.questionsOff");
    case "too_many_questions":
      return text("refusal.tooManyQuestions");
    case "protocol":
    case "unknown_type":
    case "malformed":
      return text("refusal.protocol", { detail: message });
    default:
      return text("refusal.other", { detail: message });
  }
}

/** The form field a join refusal points at. */
export function fieldForRefusal(code: ErrorCode): HomeField | null {
  switch (code) {
    case "bad_code":
      return "code";
    case "invalid_name":
    case "name_taken":
    case "removed":
      return "name";
    default:
      return null;
  }
}

function withoutKey<V>(record: Record<string, V>, key: string): Record<string, V> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

function removePending(state: ClassroomState, clientId: string) {
  const found = state.pending.find((p) => p.clientId === clientId);
  return { found, rest: found ? state.pending.filter((p) => p !== found) : state.pending };
}

function refusedItem(id: string, body: string, code: ErrorCode | null, reason: Text): TimelineItem {
  return { kind: "refused", key: `refused:${id}`, text: body, code, reason };
}

/** A message's line; one deleted before it came is shown removed. */
function messageItem(state: ClassroomState, entry: ChatEntry): Extract<TimelineItem, { kind: "message" }> {
  const mine = state.you !== null && entry.from.id === state.you.id;
  return { kind: "message", key: `m:${entry.seq}`, entry: shownEntry(state.edits, entry), mine };
}

/**
 * The timeline with every message in `deleted` removed in place (a new item
 * for each line that changes, the same array when none does).
 */
function withDeletions(timeline: TimelineItem[], deleted: ReadonlySet<number>): TimelineItem[] {
  let changed = false;
  const next = timeline.map((item) => {
    if (item.kind !== "message" || item.entry.removed === true || !deleted.has(item.entry.seq)) return item;
    changed = true;
    return { ...item, entry: removedEntry(item.entry) };
  });
  return changed ? next : timeline;
}

/** Whether the chat shows the message `seq`, not yet removed. */
function showsMessage(timeline: readonly TimelineItem[], seq: number): boolean {
  return timeline.some((item) => item.kind === "message" && item.entry.seq === seq && item.entry.removed !== true);
}

/** Whether an announcement (by its key) reads out a message now deleted. */
function saysDeleted(key: string, deleted: ReadonlySet<number>): boolean {
  return key.startsWith("m:") && deleted.has(Number(key.slice(2)));
}

/** A deletion or a pin: the chat's lines, the pin, and what a screen reader hears of it. */
function applyEdit(state: ClassroomState, event: MessageEditEvent): ClassroomState {
  const edits = applyMessageEdit(state.edits, event);
  if (edits === state.edits) return state;
  const timeline = edits.deleted === state.edits.deleted ? state.timeline : withDeletions(state.timeline, edits.deleted);
  // A deleted message's reactions go with it.
  const reactions = edits.deleted === state.edits.deleted ? state.reactions : messagesDeleted(state.reactions, edits.deleted);
  // The live region must not keep saying a deleted message's text.
  const stale = state.announcement !== null && saysDeleted(state.announcement.key, edits.deleted);
  let announcement = stale ? null : state.announcement;
  if (event.kind === "messageDeleted" && showsMessage(state.timeline, event.data.seq)) {
    announcement = { key: `removed:${event.data.seq}`, text: text("messages.announceRemoved") };
  } else if (event.kind === "pinned") {
    const before = state.edits.pinned;
    const after = edits.pinned;
    if (after !== null && after.seq !== before?.seq) {
      const yours = state.you !== null && after.from.id === state.you.id;
      const name = currentName(state.participants, after.from);
      announcement = {
        key: `pinned:${after.seq}`,
        text: yours ? text("messages.announcePinnedYours") : text("messages.announcePinned", { name }),
      };
    } else if (after === null && before !== null) {
      announcement = { key: `unpinned:${before.seq}`, text: text("messages.announceUnpinned") };
    }
  }
  return { ...state, edits, timeline, announcement, reactions };
}

/**
 * A page of older messages goes before everything shown (the shell sends
 * only older ones, each once, oldest first). They are history, not news: no
 * unread count, no announcement.
 */
function applyEarlier(state: ClassroomState, page: ChatEntry[], complete: boolean): ClassroomState {
  const items = page.map((entry) => messageItem(state, entry));
  return {
    ...state,
    timeline: items.length > 0 ? [...items, ...state.timeline] : state.timeline,
    // Asked for with the whole timeline shown, it shows; lines kept above
    // the list (a page asked for before) stay above it, the list unchanged.
    chatFrom: state.chatFrom === 0 ? 0 : state.chatFrom + items.length,
    earlier: { loading: false, complete },
    reactions: entriesArrived(state.reactions, items.map((item) => item.entry)),
  };
}

function applyMessage(state: ClassroomState, entry: ChatEntry, now: number): ClassroomState {
  const item = messageItem(state, entry);
  const base = { ...state, timeline: [...state.timeline, item], reactions: entriesArrived(state.reactions, [item.entry]) };
  if (item.mine) {
    const { found, rest } = removePending(state, entry.client_id);
    // Its own copy without an ack first still means the hub took it now.
    const room = found && !found.acked ? messageTaken(state.room, now) : state.room;
    return { ...base, pending: rest, room };
  }
  // Deleted before it came: nothing to read, nothing new.
  if (item.entry.removed === true) return { ...base, typing: withoutKey(state.typing, entry.from.id) };
  const id = entry.from.role === "teacher" ? "chat.announceTeacher" : "chat.announce";
  return {
    ...base,
    typing: withoutKey(state.typing, entry.from.id),
    unread: chatVisible(state) ? state.unread : state.unread + 1,
    announcement: { key: item.key, text: text(id, { name: currentName(state.participants, entry.from), text: entry.text }) },
  };
}

function applyState(state: ClassroomState, connection: ConnectionState): ClassroomState {
  if (connection.state !== "closed") {
    // A rename on its way while the connection drops may never have gone out.
    const rename = connection.state === "connected" ? state.rename : renameDisconnected(state.rename);
    return { ...state, connection, rename };
  }
  if (state.phase === "joining") {
    // Never got in: back to the form, with the reason next to the right field.
    const field = connection.reason === "refused" ? fieldForRefusal(connection.code) : null;
    return {
      ...classCleared(state),
      homeError: { card: "join", field, message: closedText(connection) },
    };
  }
  // Nothing queued will go out any more: say so instead of "Sending…" forever.
  const unsent = state.pending.map((p) =>
    refusedItem(p.clientId, p.text, null, text("chat.noLongerConnected")),
  );
  return {
    ...state,
    connection,
    pending: [],
    questions: questionsDisconnected(state.questions, text("chat.noLongerConnected")),
    timeline: unsent.length > 0 ? [...state.timeline, ...unsent] : state.timeline,
    typing: {},
    // No page will come any more. (While reconnecting one still may: the
    // shell asks again once the connection is back.)
    earlier: { ...state.earlier, loading: false },
    // Nobody can be renamed any more.
    rename: initialRename,
  };
}

/**
 * Someone joined, came back, went offline or was renamed (a new name on the
 * same id): the list changes, and a new name is said to screen readers (the
 * renamed student hears it as theirs) and ends a Rename dialog waiting for it.
 */
function applyParticipant(state: ClassroomState, p: Participant): ClassroomState {
  const index = state.participants.findIndex((q) => q.id === p.id);
  const before = index === -1 ? undefined : state.participants[index];
  const participants =
    index === -1 ? [...state.participants, p] : state.participants.map((q, i) => (i === index ? p : q));
  const rename = renameSeen(state.rename, p);
  if (before === undefined || before.name === p.name) return { ...state, participants, rename };
  const yours = state.you !== null && state.you.id === p.id;
  const announcement = {
    key: `renamed:${p.id}:${p.name}`,
    text: yours
      ? text("names.announceYouRenamed", { name: p.name })
      : text("names.announceRenamed", { old: before.name, name: p.name }),
  };
  const you = yours && state.you !== null ? { ...state.you, name: p.name } : state.you;
  return { ...state, participants, rename, announcement, you };
}

function applyEvent(state: ClassroomState, event: AppEvent, now: number): ClassroomState {
  if (isPollEvent(event)) {
    const polls = applyPollEvent(state.polls, event);
    // The poll the dialog asked for is open: the dialog's work is done.
    const composer = event.kind === "pollOpened" ? initialState.composer : state.composer;
    return { ...state, polls, composer };
  }
  if (isRoomEvent(event)) {
    const room = applyRoomEvent(state.room, event, roomViewer(state));
    // The room a (re)join finds also has the pin.
    const edits = event.kind === "room" ? pinnedAtJoin(state.edits, event.data.pinned) : state.edits;
    return { ...state, room, edits };
  }
  if (isMessageEditEvent(event)) return applyEdit(state, event);
  if (isQuestionEvent(event)) {
    const questions = applyQuestionEvent(state.questions, event, roomViewer(state));
    return questions === state.questions ? state : { ...state, questions };
  }
  if (isReactionEvent(event)) {
    const reactions = applyReactionEvent(state.reactions, event, state.you?.id ?? null);
    return reactions === state.reactions ? state : { ...state, reactions };
  }
  switch (event.kind) {
    case "state":
      return applyState(state, event.data);
    case "welcome": {
      const { you, session, limits } = event.data;
      const newSession = state.session !== null && state.session.id !== session.id;
      const base = newSession
        ? {
            ...state,
            timeline: [],
            chatFrom: 0,
            pending: [],
            participants: [],
            typing: {},
            unread: 0,
            earlier: initialState.earlier,
            room: initialRoom,
            edits: initialMessageEdits,
            reactions: initialReactions,
            questions: initialQuestions,
            rename: initialRename,
          }
        : state;
      return {
        ...base,
        you,
        session,
        limits,
        phase: state.phase === "joining" ? "inClass" : state.phase,
        homeError: null,
      };
    }
    case "roster":
      return { ...state, participants: event.data };
    case "participant":
      return applyParticipant(state, event.data);
    case "participantLeft": {
      const { id, reason } = event.data;
      const participants =
        reason === "removed"
          ? state.participants.filter((p) => p.id !== id)
          : state.participants.map((p) => (p.id === id ? { ...p, online: false } : p));
      const room = reason === "removed" ? participantRemoved(state.room, id) : state.room;
      const rename = reason === "removed" ? renameGone(state.rename, id) : state.rename;
      return { ...state, participants, typing: withoutKey(state.typing, id), room, rename };
    }
    case "message":
      return applyMessage(state, event.data, now);
    case "queued": {
      const { client_id, text } = event.data;
      return { ...state, pending: [...state.pending, { clientId: client_id, text, acked: false }] };
    }
    case "acked": {
      const { client_id } = event.data;
      return {
        ...state,
        pending: state.pending.map((p) => (p.clientId === client_id ? { ...p, acked: true } : p)),
        // Slow mode counts from the hub taking it.
        room: messageTaken(state.room, now),
      };
    }
    case "refused": {
      const { client_id, code, message } = event.data;
      const reason = refusalText(code, message, {
        maxChars: state.limits?.max_text_chars,
        slowSeconds: state.room.rules.slow_seconds,
        deleteWindowSeconds: state.limits ? deleteWindowSeconds(state.limits) : undefined,
      });
      const answer = client_id === null ? null : answerRefused(state.polls, client_id, reason);
      if (answer) return { ...state, polls: answer };
      const question = client_id === null ? null : questionRefused(state.questions, client_id, code, reason);
      if (question) return { ...state, questions: question };
      if (client_id === null) {
        // A rename the teacher asked for: said in the dialog while it is
        // open, in the rename's words (the hub's are about joining).
        const said = isRenameRefusal(code) ? renameRefusalText(code, MAX_NAME_CHARS) : reason;
        const rename = renameRefused(state.rename, code, said);
        if (rename) return { ...state, rename };
        if (isRenameRefusal(code)) return { ...state, notice: said };
      }
      // A poll the teacher tried to open: said in the dialog, still open.
      if (state.composer.open && (code === "poll_open" || code === "invalid_poll")) {
        return { ...state, composer: { open: true, error: reason } };
      }
      const { found, rest } = client_id === null ? { found: undefined, rest: state.pending } : removePending(state, client_id);
      if (!found) return { ...state, notice: reason };
      return {
        ...state,
        pending: rest,
        timeline: [...state.timeline, refusedItem(found.clientId, found.text, code, reason)],
      };
    }
    case "typing": {
      const { from, active } = event.data;
      if (state.you !== null && from === state.you.id) return state; // the hub echoes our own
      return {
        ...state,
        typing: active
          ? { ...state.typing, [from]: now + TYPING_TTL_MS }
          : withoutKey(state.typing, from),
      };
    }
    case "loadingEarlier":
      return { ...state, earlier: { ...state.earlier, loading: true } };
    case "earlier":
      return applyEarlier(state, event.data.messages, event.data.complete);
    case "gap": {
      const { from, to } = event.data;
      const item: TimelineItem = { kind: "gap", key: `gap:${from}-${to}`, from, to };
      return { ...state, timeline: [...state.timeline, item] };
    }
    case "storage":
      return state.host ? { ...state, host: { ...state.host, storage: event.data } } : state;
    case "guessing": {
      const { wrongCodes } = event.data;
      // Put aside, it stays aside unless the guessing grows.
      const hidden = state.guessing.hidden && wrongCodes > 0 && wrongCodes <= state.guessing.wrongCodes;
      return { ...state, guessing: { wrongCodes, hidden }, codeChanged: wrongCodes > 0 ? false : state.codeChanged };
    }
  }
}

/** Who is looking at the room, to word its changes. */
function roomViewer(state: ClassroomState) {
  return {
    you: state.you?.id ?? null,
    teacher: state.host !== null || state.you?.role === "teacher",
    nameOf: (id: string) => state.participants.find((p) => p.id === id)?.name ?? null,
  };
}

function markRead(state: ClassroomState): ClassroomState {
  return chatVisible(state) ? { ...state, unread: 0 } : state;
}

/** Whether the reader is somewhere above the newest line of the chat's list. */
function readingUp(state: ClassroomState): boolean {
  return state.panel.open && state.panel.tab === "chat" && !state.panel.atBottom;
}

/**
 * The list keeps the newest `CHAT_WINDOW` lines (up to `CHAT_TRIM_STEP`
 * more) while the reader is at the bottom, or while it is not on screen (it
 * opens at the bottom). A reader higher up loses nothing from above; back
 * at the bottom, the list is trimmed again.
 */
function windowed(state: ClassroomState): ClassroomState {
  if (readingUp(state) || state.timeline.length - state.chatFrom <= CHAT_WINDOW + CHAT_TRIM_STEP) return state;
  return { ...state, chatFrom: state.timeline.length - CHAT_WINDOW };
}

export function reducer(state: ClassroomState, action: Action): ClassroomState {
  const next = reduce(state, action);
  return next.timeline !== state.timeline || next.panel !== state.panel ? windowed(next) : next;
}

function reduce(state: ClassroomState, action: Action): ClassroomState {
  switch (action.type) {
    case "event":
      return applyEvent(state, action.event, action.now);
    case "tick": {
      const live = Object.entries(state.typing).filter(([, until]) => until > action.now);
      if (live.length === Object.keys(state.typing).length) return state;
      return { ...state, typing: Object.fromEntries(live) };
    }
    case "prefill":
      return state.joinDraft === null ? { ...state, joinDraft: action.request } : state;
    case "hostStarted":
      return {
        ...classCleared(state),
        phase: "starting",
        history: historyReducer(state.history, { type: "classStarting" }),
      };
    case "hostSucceeded":
      return {
        ...state,
        phase: "inClass",
        host: action.info,
        homeError: null,
        history: historyReducer(state.history, { type: "classStarted" }),
      };
    case "advertising":
      return state.host ? { ...state, host: { ...state.host, advertising: action.status } } : state;
    case "codeChanged":
      return state.host
        ? { ...state, host: { ...state.host, code: action.code }, guessing: initialState.guessing, codeChanged: true }
        : state;
    case "joinLink":
      return state.host
        ? { ...state, host: { ...state.host, join_link: action.link.link, qr: action.link.qr }, linkWithCode: action.link.with_code }
        : state;
    case "composer":
      return { ...state, composer: { open: action.open, error: null } };
    case "rename":
      return { ...state, rename: renameOpened(action.id) };
    case "renameSent": {
      const id = state.rename.id;
      const student = id === null ? undefined : state.participants.find((p) => p.id === id);
      return student ? { ...state, rename: renameSent(state.rename, student.name) } : state;
    }
    case "renameFailed":
      return { ...state, rename: renameFailed(state.rename, action.message) };
    case "guessingDismissed":
      return { ...state, guessing: { ...state.guessing, hidden: true }, codeChanged: false };
    case "hostFailed": {
      const cleared = classCleared(state);
      // A damaged history gets the Start fresh prompt, which says it all.
      if (action.damaged) {
        return { ...cleared, history: historyReducer(state.history, { type: "damaged", message: action.message }) };
      }
      // A resume asked for on the Past classes screen fails on its row.
      const busy = state.history.busy;
      if (state.history.open && busy?.task === "resume") {
        return {
          ...cleared,
          history: historyReducer(state.history, { type: "rowFailed", id: busy.id, message: action.message }),
        };
      }
      return {
        ...cleared,
        homeError: { card: "host", field: null, message: action.message },
        history: historyReducer(state.history, { type: "classStarted" }),
      };
    }
    case "earlierFailed":
      return { ...state, earlier: { ...state.earlier, loading: false }, notice: action.message };
    case "showEarlier":
      return state.chatFrom === 0 ? state : { ...state, chatFrom: Math.max(0, state.chatFrom - CHAT_WINDOW) };
    case "history":
      return { ...state, history: historyReducer(state.history, action.action) };
    case "joinStarted":
      return { ...classCleared(state), phase: "joining", joinDraft: action.request };
    case "joinFailed":
      return {
        ...classCleared(state),
        homeError: { card: "join", field: null, message: action.message },
      };
    case "sendFailed":
      return {
        ...state,
        timeline: [...state.timeline, refusedItem(action.key, action.text, null, action.message)],
      };
    case "questionFailed":
      return { ...state, questions: questionFailed(state.questions, action.key, action.text, action.message) };
    case "answerFailed": {
      const { key, question, text: body, message } = action;
      return { ...state, questions: answerFailed(state.questions, key, { question, text: body, public: action.public }, message) };
    }
    case "panelToggled": {
      // The list opens scrolled to the newest message.
      const panel = { ...state.panel, open: action.open, atBottom: action.open ? true : state.panel.atBottom };
      // The Rename dialog belongs to the Participants tab: it goes with the panel.
      const rename = action.open ? state.rename : initialRename;
      return markRead({ ...state, panel, rename });
    }
    case "tabSelected": {
      if (action.tab === state.panel.tab) return state;
      return markRead({ ...state, panel: { ...state.panel, tab: action.tab, atBottom: true }, rename: initialRename });
    }
    case "scrolled":
      if (action.atBottom === state.panel.atBottom) return state;
      return markRead({ ...state, panel: { ...state.panel, atBottom: action.atBottom } });
    case "notice":
      return { ...state, notice: action.message };
    case "reset":
      return classCleared(state);
  }
}
