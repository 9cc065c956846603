// The wire frames of docs/protocol.md as the browser client speaks them.
//
// The payloads inside frames (ChatEntry, Participant, PollInfo, …) are the
// types generated from the Rust definitions in ../generated/protocol: they
// are the contract, and the events this client emits carry them as they are.
// What is *not* generated is the frames themselves (Rust's `ClientFrame`
// and `ServerFrame` are not exported to TypeScript), so they are written
// down here: the frames a browser student sends, and the frames a hub sends
// with a reader that checks every field the client relies on.
//
// Why check at all: a frame that does not parse is skipped (as the Rust
// client's serde does), never half-applied. A missing `seq` would otherwise
// become `undefined` inside the reorder buffer and break in-order delivery
// far from its cause.

import { SESSION_LIMITS } from "../generated/constants";
import type {
  Answer,
  ChatEntry,
  DeletedBy,
  Departure,
  ErrorCode,
  Hand,
  HeldReactions,
  Identity,
  LeftReason,
  LoweredBy,
  MyReaction,
  Participant,
  PollAnswer,
  PollClosedBy,
  PollInfo,
  PollResults,
  PollState,
  Question,
  Questions,
  ReactionChange,
  RoomRules,
  RoomState,
  SessionInfo,
  SessionLimits,
} from "../generated/protocol";

/** The frames a browser student sends (the student's part of `ClientFrame`). */
export type ClientFrame =
  | { type: "student:join"; name: string; code?: string; resume?: string; last_seq?: number }
  | { type: "chat:message"; id: string; text: string }
  | { type: "typing"; active: boolean }
  | ({ type: "poll:answer"; poll: string; id: string } & PollAnswer)
  | { type: "hand:raise" }
  | { type: "hand:lower" }
  | { type: "reaction:add"; seq: number; emoji: string }
  | { type: "reaction:remove"; seq: number; emoji: string }
  | { type: "chat:delete"; seq: number }
  | { type: "question:ask"; id: string; text: string }
  | { type: "history:fetch"; before?: number; limit?: number };

/** `session:welcome`, with the fields an older hub may leave out filled in. */
export interface Welcome {
  you: Identity;
  resume: string;
  session: SessionInfo;
  participants: Participant[];
  history: ChatEntry[];
  last_seq: number;
  limits: SessionLimits;
  polls: PollState[];
  room: RoomState;
  deleted: number[];
  my_reactions: MyReaction[];
  questions: Questions;
  held_reactions?: HeldReactions;
}

/** Every frame a hub sends (Rust's `ServerFrame`). */
export type ServerFrame =
  | { type: "session:welcome"; welcome: Welcome }
  | { type: "chat:message"; entry: ChatEntry }
  | { type: "chat:ack"; id: string; seq: number }
  | { type: "error"; code: ErrorCode; message: string; ref?: string }
  | { type: "participant:joined"; participant: Participant }
  | { type: "participants:joined"; participants: Identity[] }
  | { type: "participants:page"; participants: Participant[] }
  | { type: "participant:left"; id: string; reason: LeftReason }
  | { type: "participants:left"; participants: Departure[] }
  | { type: "participant:updated"; participant: Participant }
  | { type: "typing"; from: string; active: boolean }
  | { type: "history"; messages: ChatEntry[]; first_seq: number }
  | { type: "poll:opened"; poll: PollInfo }
  | { type: "poll:tally"; results: PollResults }
  | { type: "poll:ack"; poll: string; id: string }
  | { type: "poll:closed"; poll: string; by: PollClosedBy }
  | { type: "poll:revealed"; results: PollResults }
  | { type: "hand:raised"; hand: Hand }
  | { type: "hand:lowered"; id: string; by: LoweredBy }
  | { type: "hands:cleared" }
  | { type: "participant:muted"; id: string; muted: boolean }
  | { type: "room:rules"; rules: RoomRules }
  | { type: "chat:deleted"; seq: number; by: DeletedBy }
  | { type: "chat:pinned"; message: ChatEntry }
  | { type: "chat:unpinned" }
  | { type: "reaction:changed"; change: ReactionChange }
  | { type: "question:asked"; question: Question; ref?: string }
  | { type: "question:answered"; question: string; answer: Answer; ref?: string }
  | { type: "session:removed" }
  | { type: "session:ended" };

/** Close codes the hub uses (core/src/protocol.rs `close`). */
export const CLOSE = {
  NORMAL: 1000,
  POLICY: 1008,
  TRY_AGAIN: 1013,
  REPLACED: 4000,
  REMOVED: 4001,
} as const;


// --- small readers: each returns the value, or throws Bad. ---------------

class Bad extends Error {}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Bad("object");
  return value as Obj;
}

function str(value: unknown): string {
  if (typeof value !== "string") throw new Bad("string");
  return value;
}

function optStr(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : str(value);
}

function bool(value: unknown): boolean {
  if (typeof value !== "boolean") throw new Bad("boolean");
  return value;
}

/** A `seq` or count: a non-negative integer JavaScript holds exactly. */
function uint(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new Bad("uint");
  return value;
}

function arr<T>(value: unknown, item: (value: unknown) => T): T[] {
  if (!Array.isArray(value)) throw new Bad("array");
  return value.map(item);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) throw new Bad("enum");
  return value as T;
}

const ROLES = ["teacher", "student"] as const;
const LEFT_REASONS = ["left", "removed", "timeout"] as const;

function identity(value: unknown): Identity {
  const o = obj(value);
  return { id: str(o.id), name: str(o.name), role: oneOf(o.role, ROLES) };
}

function participant(value: unknown): Participant {
  const o = obj(value);
  // `participants:joined` records leave out `online`: everyone in it is.
  return { ...identity(o), online: o.online === undefined ? true : bool(o.online) };
}

/** A log entry: the fields the client orders, dedupes and settles by are checked. */
export function chatEntry(value: unknown): ChatEntry {
  const o = obj(value);
  uint(o.seq);
  str(o.id);
  str(o.client_id);
  identity(o.from);
  str(o.text);
  str(o.ts);
  if (o.removed !== undefined) bool(o.removed);
  if (o.reactions !== undefined) arr(o.reactions, obj);
  if (o.quote !== undefined && o.quote !== null) obj(o.quote);
  return o as unknown as ChatEntry;
}

function question(value: unknown): Question {
  const o = obj(value);
  str(o.id);
  identity(o.from);
  str(o.text);
  arr(o.answers, obj);
  return o as unknown as Question;
}

function welcome(o: Obj): Welcome {
  const room = o.room === undefined ? undefined : obj(o.room);
  const questions = o.questions === undefined ? undefined : obj(o.questions);
  return {
    you: identity(o.you),
    resume: str(o.resume),
    session: obj(o.session) as unknown as SessionInfo,
    participants: arr(o.participants, participant),
    history: arr(o.history, chatEntry),
    last_seq: uint(o.last_seq),
    // What a hub from before polls, rooms or questions leaves out is a
    // default hub's, as the Rust client's serde defaults fill it in.
    limits: { ...SESSION_LIMITS, ...(obj(o.limits) as Partial<SessionLimits>) },
    polls: o.polls === undefined ? [] : (arr(o.polls, obj) as unknown as PollState[]),
    room: room
      ? { ...(room as unknown as RoomState), hands: arr(room.hands ?? [], obj) as unknown as Hand[] }
      : { rules: { locked: false, slow_seconds: 0 }, hands: [], muted: [] },
    deleted: o.deleted === undefined ? [] : arr(o.deleted, uint),
    my_reactions: o.my_reactions === undefined ? [] : (arr(o.my_reactions, obj) as unknown as MyReaction[]),
    questions: questions
      ? { list: arr(questions.list, question), earlier: uint(questions.earlier ?? 0) }
      : { list: [], earlier: 0 },
    ...(o.held_reactions === undefined || o.held_reactions === null
      ? {}
      : { held_reactions: obj(o.held_reactions) as unknown as HeldReactions }),
  };
}

/** A frame's fields without its `type`: a payload carried flat in its frame. */
function withoutType(o: Obj): Obj {
  const rest = { ...o };
  delete rest.type;
  return rest;
}

function read(o: Obj): ServerFrame | null {
  switch (o.type) {
    case "session:welcome": {
      const session = obj(o.session);
      str(session.id);
      return { type: "session:welcome", welcome: welcome(o) };
    }
    case "chat:message":
      // The entry is the frame without its `type`, as in history pages.
      return { type: "chat:message", entry: chatEntry(withoutType(o)) };
    case "chat:ack":
      return { type: "chat:ack", id: str(o.id), seq: uint(o.seq) };
    case "error": {
      const ref = optStr(o.ref);
      return {
        type: "error",
        // An unknown code is still a refusal: keep it as the hub said it.
        code: str(o.code) as ErrorCode,
        message: str(o.message),
        ...(ref === undefined ? {} : { ref }),
      };
    }
    case "participant:joined":
    case "participant:updated":
      return { type: o.type, participant: participant(o.participant) };
    case "participants:joined":
      return { type: "participants:joined", participants: arr(o.participants, identity) };
    case "participants:page":
      return { type: "participants:page", participants: arr(o.participants, participant) };
    case "participant:left":
      return { type: "participant:left", id: str(o.id), reason: oneOf(o.reason, LEFT_REASONS) };
    case "participants:left":
      return {
        type: "participants:left",
        participants: arr(o.participants, (d) => {
          const departure = obj(d);
          return { id: str(departure.id), reason: oneOf(departure.reason, LEFT_REASONS) };
        }),
      };
    case "typing":
      return { type: "typing", from: str(o.from), active: bool(o.active) };
    case "history":
      return { type: "history", messages: arr(o.messages, chatEntry), first_seq: uint(o.first_seq) };
    case "poll:opened":
      return { type: "poll:opened", poll: { ...obj(o.poll), id: str(obj(o.poll).id) } as PollInfo };
    case "poll:tally":
    case "poll:revealed":
      return { type: o.type, results: { ...obj(o.results), poll: str(obj(o.results).poll) } as PollResults };
    case "poll:ack":
      return { type: "poll:ack", poll: str(o.poll), id: str(o.id) };
    case "poll:closed":
      return { type: "poll:closed", poll: str(o.poll), by: oneOf(o.by, ["teacher", "timer"] as const) };
    case "hand:raised":
      return { type: "hand:raised", hand: { id: str(o.id), at: str(o.at) } };
    case "hand:lowered":
      return { type: "hand:lowered", id: str(o.id), by: oneOf(o.by, ["student", "teacher"] as const) };
    case "hands:cleared":
      return { type: "hands:cleared" };
    case "participant:muted":
      return { type: "participant:muted", id: str(o.id), muted: bool(o.muted) };
    case "room:rules": {
      const rules = withoutType(o);
      bool(rules.locked);
      uint(rules.slow_seconds);
      return { type: "room:rules", rules: rules as unknown as RoomRules };
    }
    case "chat:deleted":
      return { type: "chat:deleted", seq: uint(o.seq), by: oneOf(o.by, ["sender", "teacher"] as const) };
    case "chat:pinned":
      return { type: "chat:pinned", message: chatEntry(o.message) };
    case "chat:unpinned":
      return { type: "chat:unpinned" };
    case "reaction:changed":
      return {
        type: "reaction:changed",
        change: { seq: uint(o.seq), emoji: str(o.emoji), by: str(o.by), on: bool(o.on), count: uint(o.count) },
      };
    case "question:asked": {
      const ref = optStr(o.ref);
      return { type: "question:asked", question: question(o.question), ...(ref === undefined ? {} : { ref }) };
    }
    case "question:answered": {
      const ref = optStr(o.ref);
      const answer = obj(o.answer);
      str(answer.text);
      return {
        type: "question:answered",
        question: str(o.question),
        answer: answer as unknown as Answer,
        ...(ref === undefined ? {} : { ref }),
      };
    }
    case "session:removed":
      return { type: "session:removed" };
    case "session:ended":
      return { type: "session:ended" };
    default:
      // A frame type this client does not know: the protocol says to ignore it.
      return null;
  }
}

/**
 * Reads one text message from the hub; `null` when it is not a frame this
 * client knows and can use (unknown types, missing or wrongly typed
 * fields, text that is not JSON). Such a frame is skipped, not fatal.
 */
export function parseServerFrame(text: string): ServerFrame | null {
  try {
    return read(obj(JSON.parse(text)));
  } catch {
    return null;
  }
}
