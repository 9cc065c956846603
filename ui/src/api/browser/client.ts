// The browser student's connection to a class hub: the TypeScript twin of
// the Rust client (core/src/client/connection.rs), with the same guarantees
// and the same events, so the UI's reducer (ui/src/state/classroom.ts) can
// consume either unchanged.
//
// One client is one seat in one class. It joins, and after any loss it
// reconnects with exponential backoff and jitter and resumes with its token
// and `last_seq`; it fills gaps with `history:fetch` and drops duplicates,
// so each log entry reaches the UI exactly once, in `seq` order, as a
// `message` event; it resends unacked messages, poll answers and private
// questions with their original ids (the hub takes each id once), paced by
// the welcome's limits. With a seat store (localStorage by default) all of
// that also holds across a page reload: the new page's client resumes the
// same seat from where the old one stopped.
//
// Liveness without pings. The hub pings every 5 s and drops a client it has
// not heard from for 25 s; browsers answer those pings by themselves, so the
// hub always knows we are alive. The other way round, a browser never shows
// pings to the page, so the Rust client's rule, "no frame (ping included)
// for 25 s means the hub is gone", cannot be used: in a quiet class the hub
// legitimately says nothing for minutes. A vanished hub (laptop lid shut,
// Wi-Fi gone) often does not close the TCP connection either, and the
// browser's `close` event may then take minutes. So the client judges
// silence only when it is owed an answer:
//   - every request it sends expects a reply (a message its ack, an answer
//     its `poll:ack`, a question its `question:asked`, a fetch its
//     `history`); when something is owed and nothing at all has been heard
//     for `replyTimeoutMs` since the later of the request and the last
//     frame, the connection counts as lost;
//   - when nothing is owed and nothing has been heard for `idleProbeMs`, it
//     asks a question the hub must answer: `history:fetch` for the page
//     before seq 1, which is always empty (a valid, idempotent request,
//     answered straight back, costing the hub one tiny frame);
//   - the browser's `online` and `visibilitychange` (back to visible, e.g.
//     after sleep) events probe at once, or end a backoff early.
// A dead hub is therefore noticed within idleProbeMs + replyTimeoutMs in a
// quiet class, within replyTimeoutMs of sending anything, and at once when
// the browser closes the socket itself. The hub's own answers are bounded
// (it stores an ack within 10 s or closes with 1013), so an honest hub is
// never taken for dead.

import type {
  AppErrorCode,
  ChatEntry,
  ClientEvent,
  CloseReason,
  ErrorCode,
  LeftReason,
  Participant,
  PollAnswer,
} from "../generated/protocol";
import { Answers, Questions } from "./kept";
import { IdSource } from "./ids";
import { monotonic, Outbox, type Clock } from "./outbox";
import { CLOSE, parseServerFrame, type ClientFrame, type ServerFrame, type Welcome } from "./protocol";
import { Reorder } from "./reorder";
import { Roster } from "./roster";
import { SeatStore, seatKey } from "./storage";

/** The part of the browser's WebSocket the client uses (the `ws` package's client has it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** A WebSocket constructor: the browser's by default; tests under Node pass the `ws` package's. */
export type WebSocketFactory = new (url: string) => WebSocketLike;

/** How much earlier history a client that has shown nothing yet receives (Rust's `Backfill`). */
export type Backfill = "everything" | "onRequest";

export interface BrowserClientOptions {
  /** The hub's WebSocket URL, e.g. `ws://192.168.1.20:4455/ws`. */
  url: string;
  /** Display name (ignored by the hub when the seat is resumed). */
  name: string;
  /** The class code, if the class has one. */
  code?: string | null;
  /**
   * Where the seat is kept across page reloads. Default: `localStorage`,
   * keyed by the URL and the name; `null`: memory only.
   */
  seats?: SeatStore | null;
  /** Default: `globalThis.WebSocket`. */
  WebSocket?: WebSocketFactory;
  /**
   * `onRequest` (default, what a chat window wants): only the welcome's
   * newest page, then older pages on `loadEarlier` as `earlier` events.
   * `everything`: the whole log as `message` events at join.
   */
  backfill?: Backfill;
  /** First reconnect delay; doubles per attempt, with jitter (250 ms). */
  backoffInitialMs?: number;
  /** Longest reconnect delay (10 s). */
  backoffMaxMs?: number;
  /** Time allowed for connecting and receiving the welcome (10 s). */
  connectTimeoutMs?: number;
  /** Silence while an answer is owed after which the connection counts as lost (20 s). */
  replyTimeoutMs?: number;
  /** Silence while nothing is owed after which the hub is asked something (20 s). */
  idleProbeMs?: number;
  /** Unacked messages kept at most; `send` throws `outboxFull` beyond (256). */
  outboxLimit?: number;
  /** Participants passed on at most, the joiner included (10,000). */
  maxParticipants?: number;
  /** Log entries held behind a gap (10,000). */
  maxBufferedEntries?: number;
  /** Approximate bytes of those entries (16 MiB). */
  maxBufferedBytes?: number;
  /**
   * Longest message taken from the hub, in UTF-16 code units (4 Mi). A
   * browser reads a whole message before the page sees it, so this cannot
   * spare the memory of reading it (as the Rust client's header check does);
   * it keeps an oversized frame from being parsed and held. Such a frame is
   * skipped like an unreadable one.
   */
  maxMessageChars?: number;
  /** Listen to the browser's `online`, `offline` and `visibilitychange` (default: when there is a `window`). */
  watchBrowser?: boolean;
  /** Jitter's randomness, in [0, 1) (tests fix it). */
  random?: () => number;
  /** Monotonic milliseconds (tests may pass their own). */
  now?: Clock;
}

/** Why an intent could not be taken, as the app's error codes name it. */
export class ClientError extends Error {
  constructor(
    readonly code: Extract<AppErrorCode, "outboxFull" | "connectionClosed">,
    readonly params: { count?: number } = {},
  ) {
    super(code === "outboxFull" ? `${params.count ?? 0} messages are waiting to be sent` : "The client has stopped");
    this.name = "ClientError";
  }
}

/** Private questions passed on at most (a UI keeps them by id; a rogue hub must not grow that list). */
const MAX_QUESTIONS = 10_000;

/** Why a `history:fetch` was sent: the hub answers them in order. */
type Fetch = "gap" | "earlier" | "probe";

/** How a connection ended. */
type Ending = { closed: CloseReason } | { lost: { joined: boolean; now: boolean } };

type Phase = "idle" | "connecting" | "joined" | "paused" | "closed";

/** The probe: the page before seq 1 is always empty, and always answered. */
const PROBE: ClientFrame = { type: "history:fetch", before: 1, limit: 1 };

const OPEN = 1;

/** Exponential backoff with jitter: half to all of `initial · 2^(attempt-1)`, capped. */
export function backoffMs(initial: number, max: number, attempt: number, random: number): number {
  const ceiling = Math.min(initial * 2 ** Math.min(Math.max(attempt - 1, 0), 16), max);
  return ceiling * (0.5 + 0.5 * random);
}

export class BrowserClient {
  readonly #url: string;
  readonly #name: string;
  readonly #code: string | null;
  readonly #seats: SeatStore | null;
  readonly #WebSocket: WebSocketFactory;
  readonly #backfill: Backfill;
  readonly #timing: {
    backoffInitial: number;
    backoffMax: number;
    connectTimeout: number;
    replyTimeout: number;
    idleProbe: number;
  };
  readonly #maxMessageChars: number;
  readonly #watchBrowser: boolean;
  readonly #random: () => number;
  readonly #now: Clock;
  readonly #onEvent: (event: ClientEvent) => void;

  readonly #outbox: Outbox;
  readonly #answers: Answers;
  readonly #questions: Questions;
  readonly #reorder: Reorder;
  readonly #roster: Roster;
  /** The private questions the UI has been told of, by id. */
  #known = new Set<string>();

  #phase: Phase = "idle";
  #attempt = 0;
  #ws: WebSocketLike | null = null;
  #resume: string | null = null;
  #sessionId: string | null = null;
  #me: string | null = null;
  /** Entries up to this seq have not been shown (`onRequest`); 0 when all older are shown; null until a welcome decides. */
  #floor: number | null;
  #fetches: Fetch[] = [];
  #earlierWanted = false;
  /** This connection's `session:ended` / `session:removed` came: the close that follows means that. */
  #ended = false;
  #removed = false;

  #heardAt = 0;
  #owedSince: number | null = null;
  #dirty = false;

  #connectTimer: ReturnType<typeof setTimeout> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #pumpTimer: ReturnType<typeof setTimeout> | null = null;
  #checkTimer: ReturnType<typeof setInterval> | null = null;
  #unwatch: (() => void) | null = null;

  constructor(options: BrowserClientOptions, onEvent: (event: ClientEvent) => void) {
    if (!/^wss?:\/\//i.test(options.url)) throw new TypeError(`not a ws:// URL: ${options.url}`);
    this.#url = options.url;
    this.#name = options.name;
    const code = options.code?.trim();
    this.#code = code ? code : null;
    this.#seats = options.seats === undefined ? new SeatStore(seatKey(options.url, options.name)) : options.seats;
    const factory = options.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!factory) throw new TypeError("no WebSocket here: pass one in the options");
    this.#WebSocket = factory as WebSocketFactory;
    this.#backfill = options.backfill ?? "onRequest";
    this.#timing = {
      backoffInitial: options.backoffInitialMs ?? 250,
      backoffMax: options.backoffMaxMs ?? 10_000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      replyTimeout: options.replyTimeoutMs ?? 20_000,
      idleProbe: options.idleProbeMs ?? 20_000,
    };
    this.#maxMessageChars = options.maxMessageChars ?? 4 * 1024 * 1024;
    this.#watchBrowser = options.watchBrowser ?? typeof window !== "undefined";
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? monotonic;
    this.#onEvent = onEvent;

    const ids = new IdSource();
    this.#outbox = new Outbox(options.outboxLimit ?? 256, ids, this.#now);
    this.#answers = new Answers(ids);
    this.#questions = new Questions(ids);
    this.#roster = new Roster(options.maxParticipants ?? 10_000);

    const seat = this.#seats?.load() ?? null;
    const lastSeq = seat?.lastSeq ?? 0;
    this.#reorder = new Reorder(lastSeq, options.maxBufferedEntries ?? 10_000, options.maxBufferedBytes ?? 16 << 20);
    // Where the log starts being shown. `everything`: from the start. A seat
    // resumed after a reload: after its lastSeq (everything up to it went to
    // the page before; loadEarlier pages back from there). Otherwise the
    // first welcome starts at its newest page.
    this.#floor = this.#backfill === "everything" ? 0 : lastSeq > 0 ? lastSeq : null;
    // A reloaded page is a blank page: besides what it missed, it shows the
    // page of messages before (asked for once the welcome is in), as a
    // first visit shows the newest page.
    if (seat && lastSeq > 0 && this.#backfill !== "everything") this.#earlierWanted = true;
    if (seat) {
      this.#resume = seat.token;
      this.#sessionId = seat.session;
      this.#outbox.restore(seat.outbox);
      this.#answers.restore(seat.answers);
      this.#questions.restore(seat.questions);
    }
  }

  /** Starts connecting (once). Events follow through the callback given to the constructor. */
  start(): this {
    if (this.#phase !== "idle") return this;
    this.#emit({ kind: "state", data: { state: "connecting" } });
    // What an earlier page of this seat sent and never saw acked: told as
    // queued again (the reloaded UI knows nothing of it), resent on join.
    for (const { id, text } of this.#outbox.entries) {
      this.#emit({ kind: "queued", data: { client_id: id, text } });
    }
    for (const { poll, id, answer } of this.#answers.entries) {
      this.#emit({ kind: "answerQueued", data: { poll, client_id: id, answer } });
    }
    for (const { id, text } of this.#questions.entries) {
      this.#emit({ kind: "questionQueued", data: { client_id: id, text } });
    }
    this.#watch();
    this.#open();
    return this;
  }

  /** The resume token of our seat (from the latest welcome, or the stored seat), if any. */
  get resumeToken(): string | null {
    return this.#resume;
  }

  /** Whether the client has stopped for good. */
  get closed(): boolean {
    return this.#phase === "closed";
  }

  // --- intents ---------------------------------------------------------

  /**
   * Queues a chat message; returns its client id, announced first as a
   * `queued` event. It goes out now or on reconnect, and is resent with
   * the same id until acked (`acked`, or its own `message`) or refused.
   * Throws `ClientError` `outboxFull` or `connectionClosed`.
   */
  send(text: string): string {
    this.#ensureOpen();
    const id = this.#outbox.push(text);
    if (id === null) throw new ClientError("outboxFull", { count: this.#outbox.length });
    this.#emit({ kind: "queued", data: { client_id: id, text } });
    this.#dirty = true;
    this.#flushSeat();
    if (this.#phase === "joined") this.#pump();
    return id;
  }

  /** Tells the class whether we are typing (dropped while not connected). */
  typing(active: boolean): void {
    this.#ensureOpen();
    this.#sendNow({ type: "typing", active });
  }

  /**
   * Answers a poll (or changes the answer, where the poll allows); returns
   * the answer's id, announced first as `answerQueued`. Kept and resent
   * after any reconnect until `pollAnswered` or a `refused` with this id.
   */
  answerPoll(poll: string, answer: PollAnswer): string {
    this.#ensureOpen();
    const [kept, frame] = this.#answers.push(poll, answer);
    this.#emit({ kind: "answerQueued", data: { poll, client_id: kept.id, answer } });
    this.#dirty = true;
    this.#flushSeat();
    this.#request(frame);
    return kept.id;
  }

  /**
   * Asks the teacher a private question; returns its id, announced first as
   * `questionQueued`. Kept and resent until `questionAsked` with this id or
   * a `refused` with it. Throws `outboxFull` when too many wait.
   */
  ask(text: string): string {
    this.#ensureOpen();
    const pushed = this.#questions.push(text);
    if (!pushed) throw new ClientError("outboxFull", { count: this.#questions.size });
    const [kept, frame] = pushed;
    this.#emit({ kind: "questionQueued", data: { client_id: kept.id, text } });
    this.#dirty = true;
    this.#flushSeat();
    this.#request(frame);
    return kept.id;
  }

  /** Raises our hand (dropped while not connected: the welcome shows the room as it is). */
  raiseHand(): void {
    this.#ensureOpen();
    this.#sendNow({ type: "hand:raise" });
  }

  /** Lowers our hand (dropped while not connected). */
  lowerHand(): void {
    this.#ensureOpen();
    this.#sendNow({ type: "hand:lower" });
  }

  /** Adds (`on`) or takes back a reaction on a message (dropped while not connected). */
  react(seq: number, emoji: string, on: boolean): void {
    this.#ensureOpen();
    this.#sendNow({ type: on ? "reaction:add" : "reaction:remove", seq, emoji });
  }

  /** Deletes our own message shortly after sending it (dropped while not connected). */
  deleteMessage(seq: number): void {
    this.#ensureOpen();
    this.#sendNow({ type: "chat:delete", seq });
  }

  /**
   * Asks for the page before the oldest entry shown: `loadingEarlier`, then
   * one `earlier` (at once with `complete` when there is nothing older).
   * Asking again while a page is on its way does nothing; asked while
   * offline, it is sent on reconnect.
   */
  loadEarlier(): void {
    this.#ensureOpen();
    if (this.#earlierWanted) return;
    if (this.#phase === "joined") {
      this.#emit({ kind: "loadingEarlier" });
      this.#askEarlier();
    } else {
      this.#earlierWanted = true;
      this.#emit({ kind: "loadingEarlier" });
    }
  }

  /** Leaves: closes the connection cleanly (the seat is kept, to come back to); the client stops. */
  leave(): void {
    if (this.#phase === "closed") return;
    const ws = this.#ws;
    if (ws && ws.readyState === OPEN) {
      try {
        ws.close(CLOSE.NORMAL, "left");
      } catch {
        // Closed already.
      }
    }
    this.#end({ closed: { reason: "left" } });
  }

  /**
   * Checks the connection now: ends a backoff early, or asks a joined hub
   * something it must answer. For moments the page knows the network may
   * have changed (it does so itself on `online` and on becoming visible).
   */
  nudge(): void {
    if (this.#phase === "paused") {
      this.#clearTimer("retry");
      this.#reconnect();
    } else if (this.#phase === "joined" && !this.#fetches.includes("probe")) {
      this.#request(PROBE, "probe");
    }
  }

  // --- the connection ----------------------------------------------------

  #open(): void {
    this.#phase = "connecting";
    this.#ended = false;
    this.#removed = false;
    let ws: WebSocketLike;
    try {
      ws = new this.#WebSocket(this.#url);
    } catch {
      this.#end({ lost: { joined: false, now: false } });
      return;
    }
    this.#ws = ws;
    ws.onopen = () => {
      if (this.#ws !== ws) return;
      this.#write({
        type: "student:join",
        name: this.#name,
        ...(this.#code === null ? {} : { code: this.#code }),
        ...(this.#resume === null ? {} : { resume: this.#resume }),
        last_seq: this.#reorder.lastSeq,
      });
    };
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      this.#received(event.data);
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#closedBy(event.code);
    };
    ws.onerror = () => {
      // A `close` event always follows; it decides.
    };
    this.#connectTimer = setTimeout(() => {
      if (this.#ws === ws && this.#phase === "connecting") this.#end({ lost: { joined: false, now: false } });
    }, this.#timing.connectTimeout);
  }

  #received(data: unknown): void {
    if (typeof data !== "string" || data.length > this.#maxMessageChars) return;
    const frame = parseServerFrame(data);
    if (!frame) return;
    this.#heardAt = this.#now();
    if (this.#phase === "connecting") {
      if (frame.type === "session:welcome") this.#welcomed(frame.welcome);
      else if (frame.type === "error") this.#refused(frame.code, frame.message);
      // Anything else before the welcome is not for us yet.
      return;
    }
    if (this.#phase !== "joined") return;
    if (frame.type === "session:ended") this.#ended = true;
    else if (frame.type === "session:removed") this.#removed = true;
    else this.#dispatch(frame);
    if (!this.#owed()) this.#owedSince = null;
    this.#flushSeat();
  }

  /** The hub closed (or the socket failed): what that means depends on what came before. */
  #closedBy(code: number): void {
    if (this.#phase !== "joined") {
      this.#end({ lost: { joined: false, now: false } });
    } else if (code === CLOSE.REPLACED) {
      this.#end({ closed: { reason: "replaced" } });
    } else if (code === CLOSE.REMOVED || this.#removed) {
      this.#end({ closed: { reason: "removed" } });
    } else if (this.#ended) {
      this.#end({ closed: { reason: "ended" } });
    } else {
      // 1013 (slow consumer, too many reconnects, busy storing), 1008 too
      // many frames, 1006 a lost socket, …: come back and resume.
      this.#end({ lost: { joined: true, now: false } });
    }
  }

  /** A refused join: our stale token is dropped and we join afresh; anything else is final. */
  #refused(code: ErrorCode, message: string): void {
    if (code === "bad_token" && this.#resume !== null) {
      // Our saved seat is not valid here (another session, or the teacher
      // removed it while we were away): join afresh by name and code.
      this.#resume = null;
      this.#seats?.clear();
      this.#end({ lost: { joined: false, now: true } });
    } else if (code === "session_ended") {
      this.#end({ closed: { reason: "ended" } });
    } else if (code === "removed") {
      this.#end({ closed: { reason: "removed" } });
    } else {
      this.#end({ closed: { reason: "refused", code, message } });
    }
  }

  /** Takes in a welcome: identity, roster, history; then resends what is unacked. */
  #welcomed(welcome: Welcome): void {
    this.#clearTimer("connect");
    if (this.#sessionId !== null && this.#sessionId !== welcome.session.id) {
      // A new session: its seqs mean nothing to our log.
      this.#reorder.reset();
      this.#floor = this.#backfill === "everything" ? 0 : null;
    }
    this.#fetches = [];
    this.#sessionId = welcome.session.id;
    this.#resume = welcome.resume;
    this.#me = welcome.you.id;
    this.#outbox.reconnected(welcome.limits);
    this.#reorder.reconnected(welcome.last_seq);
    if (this.#floor === null) {
      // Nothing shown yet, and only the newest page wanted: start there.
      const first = welcome.history[0];
      const floor = first ? Math.max(0, first.seq - 1) : welcome.last_seq;
      this.#reorder.skipTo(floor);
      this.#floor = floor;
    }
    // Our own copies settle our messages, in a welcome's history too (the
    // hub stored them before the drop; the Rust client resends those and
    // gets the ack again, which costs a frame and changes nothing).
    this.#ownCopies(welcome.history);
    this.#reorder.accept(welcome.history);
    const participants = this.#roster.replace(welcome.participants);
    this.#known = new Set(welcome.questions.list.slice(0, MAX_QUESTIONS).map((q) => q.id));
    this.#phase = "joined";
    this.#heardAt = this.#now();
    this.#owedSince = null;
    this.#dirty = true;

    this.#emit({ kind: "state", data: { state: "connected" } });
    this.#emit({ kind: "welcome", data: { you: welcome.you, session: welcome.session, limits: welcome.limits } });
    this.#emit({ kind: "roster", data: participants });
    this.#emit({ kind: "polls", data: welcome.polls });
    this.#emit({ kind: "room", data: welcome.room });
    this.#emit({ kind: "deletedMessages", data: welcome.deleted });
    this.#emit({ kind: "myReactions", data: welcome.my_reactions });
    this.#emit({ kind: "questions", data: welcome.questions });
    if (welcome.held_reactions) this.#emit({ kind: "heldReactions", data: welcome.held_reactions });
    if (!this.#joined()) return; // A listener left.

    // Answers and questions not acked go again, with their ids: stored once either way.
    for (const frame of [...this.#answers.resend(), ...this.#questions.resend()]) this.#request(frame);
    // A page asked for before the connection dropped is asked for again.
    if (this.#earlierWanted) this.#askEarlier();
    this.#settleLog();
    this.#pump();
    this.#checkTimer = setInterval(
      () => this.#check(),
      Math.max(10, Math.min(this.#timing.replyTimeout, this.#timing.idleProbe) / 4),
    );
    this.#flushSeat();
  }

  /** Handles one frame of a joined connection. */
  #dispatch(frame: ServerFrame): void {
    switch (frame.type) {
      case "chat:message": {
        // Our own copy settles the message even if its ack was lost.
        this.#ownCopies([frame.entry]);
        this.#reorder.accept([frame.entry]);
        this.#settleLog();
        return;
      }
      case "chat:ack":
        if (this.#outbox.settle(frame.id)) {
          this.#dirty = true;
          this.#emit({ kind: "acked", data: { client_id: frame.id, seq: frame.seq } });
        }
        return;
      case "error": {
        const ref = frame.ref;
        const clientId =
          ref !== undefined && (this.#outbox.settle(ref) || this.#answers.settle(ref) || this.#questions.settle(ref))
            ? ref
            : null;
        if (clientId !== null) this.#dirty = true;
        this.#emit({ kind: "refused", data: { client_id: clientId, code: frame.code, message: frame.message } });
        return;
      }
      case "participant:joined":
      case "participant:updated":
        this.#participant(frame.participant);
        return;
      case "participants:joined":
        for (const identity of frame.participants) this.#participant({ ...identity, online: true });
        return;
      case "participants:page":
        for (const participant of frame.participants) this.#participant(participant);
        return;
      case "participant:left":
        this.#departure(frame.id, frame.reason);
        return;
      case "participants:left":
        for (const { id, reason } of frame.participants) this.#departure(id, reason);
        return;
      case "poll:opened":
        this.#emit({ kind: "pollOpened", data: frame.poll });
        return;
      case "poll:tally":
        this.#emit({ kind: "pollTally", data: frame.results });
        return;
      case "poll:ack":
        if (this.#answers.settle(frame.id)) {
          this.#dirty = true;
          this.#emit({ kind: "pollAnswered", data: { poll: frame.poll, client_id: frame.id } });
        }
        return;
      case "poll:closed":
        this.#emit({ kind: "pollClosed", data: { poll: frame.poll, by: frame.by } });
        return;
      case "poll:revealed":
        this.#emit({ kind: "pollRevealed", data: frame.results });
        return;
      // Hands and mutes of someone not on the list are dropped, like their
      // typing: a UI would keep them by ids it cannot bound.
      case "hand:raised":
        if (this.#roster.knows(frame.hand.id)) this.#emit({ kind: "handRaised", data: frame.hand });
        return;
      case "hand:lowered":
        if (this.#roster.knows(frame.id)) this.#emit({ kind: "handLowered", data: { id: frame.id, by: frame.by } });
        return;
      case "participant:muted":
        if (this.#roster.knows(frame.id)) this.#emit({ kind: "muted", data: { id: frame.id, muted: frame.muted } });
        return;
      case "hands:cleared":
        this.#emit({ kind: "handsCleared" });
        return;
      case "chat:deleted":
        this.#emit({ kind: "messageDeleted", data: { seq: frame.seq, by: frame.by } });
        return;
      case "chat:pinned":
        this.#emit({ kind: "pinned", data: frame.message });
        return;
      case "chat:unpinned":
        this.#emit({ kind: "pinned", data: null });
        return;
      case "reaction:changed":
        // A reaction follows its message on the hub's one queue: one on a
        // message not yet sent, or by someone not on the list, is not passed on.
        if (frame.change.seq <= this.#reorder.newest && this.#roster.knows(frame.change.by)) {
          this.#emit({ kind: "reactionChanged", data: frame.change });
        }
        return;
      case "room:rules":
        this.#emit({ kind: "rules", data: frame.rules });
        return;
      case "question:asked": {
        const ref = frame.ref;
        const settled = ref !== undefined && this.#questions.settle(ref);
        if (settled) this.#dirty = true;
        // A student hears only of their own; and a UI keeps questions by
        // id, so their number is bounded.
        const known = this.#known.has(frame.question.id);
        const mine = this.#me === frame.question.from.id;
        if (!known && (this.#known.size >= MAX_QUESTIONS || !mine)) return;
        this.#known.add(frame.question.id);
        this.#emit({
          kind: "questionAsked",
          data: { question: frame.question, ...(settled ? { client_id: ref } : {}) },
        });
        return;
      }
      case "question:answered":
        // No `ref` is ours to settle: a student does not answer questions.
        if (!this.#known.has(frame.question)) return;
        this.#emit({ kind: "questionAnswered", data: { question: frame.question, answer: frame.answer } });
        return;
      case "typing":
        // Our own echo; and typing of someone not on the list.
        if (this.#me === frame.from || !this.#roster.knows(frame.from)) return;
        this.#emit({ kind: "typing", data: { from: frame.from, active: frame.active } });
        return;
      case "history": {
        const purpose = this.#fetches.shift();
        if (purpose === "probe") return; // Only its arrival mattered.
        if (purpose === "earlier") {
          this.#earlier(frame.messages, frame.first_seq);
          return;
        }
        this.#ownCopies(frame.messages);
        const { lost } = this.#reorder.history(frame.messages, frame.first_seq);
        if (lost) this.#emit({ kind: "gap", data: { from: lost[0], to: lost[1] } });
        this.#settleLog();
        return;
      }
      case "session:welcome":
      case "session:removed":
      case "session:ended":
        return;
    }
  }

  /** Settles our messages whose copies are among `entries`: the hub has them. */
  #ownCopies(entries: readonly ChatEntry[]): void {
    for (const entry of entries) {
      if (entry.from.id === this.#me && this.#outbox.settle(entry.client_id)) this.#dirty = true;
    }
  }

  /** Passes on an announced participant if the list takes it. */
  #participant(participant: Participant): void {
    if (this.#roster.admit(participant)) this.#emit({ kind: "participant", data: participant });
  }

  /** Passes on the departure of someone on the list. */
  #departure(id: string, reason: LeftReason): void {
    if (this.#roster.left(id, reason)) this.#emit({ kind: "participantLeft", data: { id, reason } });
  }

  /** Asks for the page before the oldest entry shown, or says at once that there is none. */
  #askEarlier(): void {
    const floor = this.#floor ?? 0;
    if (floor > 0) {
      this.#earlierWanted = true;
      this.#request({ type: "history:fetch", before: floor + 1 }, "earlier");
    } else {
      this.#earlierWanted = false;
      this.#emit({ kind: "earlier", data: { messages: [], complete: true } });
    }
  }

  /** An earlier page arrived: what lies below the floor, then the floor moves down (to 0 once nothing older is held). */
  #earlier(messages: ChatEntry[], firstSeq: number): void {
    this.#earlierWanted = false;
    const floor = this.#floor ?? 0;
    const below = messages.filter((entry) => entry.seq <= floor);
    const oldest = below[0]?.seq ?? 0;
    const complete = oldest <= Math.max(firstSeq, 1);
    this.#floor = complete ? 0 : oldest - 1;
    this.#emit({ kind: "earlier", data: { messages: below, complete } });
  }

  /** Delivers what is in order; asks for what is missing. */
  #settleLog(): void {
    for (let next = this.#reorder.next(); next; next = this.#reorder.next()) {
      if ("fetchBefore" in next) {
        this.#request({ type: "history:fetch", before: next.fetchBefore }, "gap");
        return;
      }
      this.#dirty = true;
      for (const entry of next.deliver) {
        this.#emit({ kind: "message", data: entry });
        if (!this.#joined()) return;
      }
    }
  }

  /** Sends what the outbox's pace allows; comes back when the pace allows more. */
  #pump(): void {
    this.#clearTimer("pump");
    while (this.#phase === "joined") {
      const next = this.#outbox.next();
      if (next === null) return;
      if ("waitMs" in next) {
        this.#pumpTimer = setTimeout(() => this.#pump(), next.waitMs);
        return;
      }
      this.#request({ type: "chat:message", id: next.send.id, text: next.send.text });
    }
  }

  /** The liveness rule (see the top of this file). */
  #check(): void {
    if (this.#phase !== "joined") return;
    const now = this.#now();
    if (this.#owed()) {
      const since = Math.max(this.#heardAt, this.#owedSince ?? this.#heardAt);
      if (now - since >= this.#timing.replyTimeout) this.#end({ lost: { joined: true, now: false } });
    } else if (now - this.#heardAt >= this.#timing.idleProbe) {
      this.#request(PROBE, "probe");
    }
  }

  /** Whether the hub owes this connection an answer. */
  #owed(): boolean {
    return (
      this.#outbox.awaiting > 0 || this.#answers.size > 0 || this.#questions.size > 0 || this.#fetches.length > 0
    );
  }

  /** Sends a frame the hub answers, when joined (else it waits for the next welcome, if kept). */
  #request(frame: ClientFrame, fetch?: Fetch): void {
    if (this.#phase !== "joined") return;
    if (fetch) this.#fetches.push(fetch);
    this.#owedSince ??= this.#now();
    this.#write(frame);
  }

  /** Sends a frame nobody keeps, when joined; dropped otherwise. */
  #sendNow(frame: ClientFrame): void {
    if (this.#phase === "joined") this.#write(frame);
  }

  /** A failed write shows up as a closed socket, which decides. */
  #write(frame: ClientFrame): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return;
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      // The close event follows.
    }
  }

  /** One connection ended: stop for good, or come back after a pause. */
  #end(ending: Ending): void {
    if (this.#phase === "closed") return;
    const ws = this.#ws;
    this.#ws = null;
    this.#clearTimer("connect");
    this.#clearTimer("pump");
    this.#clearTimer("check");
    this.#clearTimer("retry");
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      // A no-op, not null: closing a socket still connecting reports an
      // error (which Node's `ws` would throw with no listener).
      ws.onerror = () => {};
      try {
        // Not a clean leave: let the hub count it as lost (1000 is `leave`'s).
        if (ws.readyState <= OPEN) ws.close();
      } catch {
        // Closed already.
      }
    }
    this.#outbox.disconnected();
    this.#fetches = [];
    if ("closed" in ending) {
      this.#phase = "closed";
      this.#unwatch?.();
      this.#unwatch = null;
      const reason = ending.closed.reason;
      if (reason === "removed" || reason === "ended") this.#seats?.clear();
      else this.#flushSeat();
      this.#emit({ kind: "state", data: { state: "closed", ...ending.closed } });
      return;
    }
    this.#flushSeat();
    this.#attempt = ending.lost.joined ? 1 : this.#attempt + 1;
    this.#phase = "paused";
    if (ending.lost.now) {
      this.#reconnect();
      return;
    }
    const delay = backoffMs(this.#timing.backoffInitial, this.#timing.backoffMax, this.#attempt, this.#random());
    this.#retryTimer = setTimeout(() => this.#reconnect(), delay);
  }

  #reconnect(): void {
    if (this.#phase !== "paused") return;
    this.#retryTimer = null;
    this.#emit({ kind: "state", data: { state: "reconnecting", attempt: this.#attempt } });
    if (this.#phase === "paused") this.#open();
  }

  // --- the seat, the browser, plumbing ----------------------------------

  /** Stores the seat if something in it changed (and there is one: a welcome gave us a token). */
  #flushSeat(): void {
    if (!this.#dirty || !this.#seats || this.#resume === null || this.#sessionId === null) return;
    this.#dirty = false;
    this.#seats.save({
      session: this.#sessionId,
      token: this.#resume,
      lastSeq: this.#reorder.lastSeq,
      outbox: [...this.#outbox.entries],
      answers: this.#answers.entries,
      questions: [...this.#questions.entries],
    });
  }

  #watch(): void {
    if (!this.#watchBrowser || typeof window === "undefined") return;
    const nudge = () => this.nudge();
    const visible = () => {
      if (typeof document === "undefined" || document.visibilityState === "visible") this.nudge();
    };
    window.addEventListener("online", nudge);
    window.addEventListener("offline", nudge);
    if (typeof document !== "undefined") document.addEventListener("visibilitychange", visible);
    this.#unwatch = () => {
      window.removeEventListener("online", nudge);
      window.removeEventListener("offline", nudge);
      if (typeof document !== "undefined") document.removeEventListener("visibilitychange", visible);
    };
  }

  /** Whether a connection is joined now (a method, so checks after a callback are not narrowed away). */
  #joined(): boolean {
    return this.#phase === "joined";
  }

  #ensureOpen(): void {
    if (this.#phase === "closed") throw new ClientError("connectionClosed");
  }

  #clearTimer(which: "connect" | "retry" | "pump" | "check"): void {
    switch (which) {
      case "connect":
        if (this.#connectTimer !== null) clearTimeout(this.#connectTimer);
        this.#connectTimer = null;
        return;
      case "retry":
        if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
        this.#retryTimer = null;
        return;
      case "pump":
        if (this.#pumpTimer !== null) clearTimeout(this.#pumpTimer);
        this.#pumpTimer = null;
        return;
      case "check":
        if (this.#checkTimer !== null) clearInterval(this.#checkTimer);
        this.#checkTimer = null;
        return;
    }
  }

  /** Tells the UI; a listener that throws does not break the client (its error is reported, not swallowed). */
  #emit(event: ClientEvent): void {
    try {
      this.#onEvent(event);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  }
}

/** Creates a client and starts it. */
export function connect(options: BrowserClientOptions, onEvent: (event: ClientEvent) => void): BrowserClient {
  return new BrowserClient(options, onEvent).start();
}
