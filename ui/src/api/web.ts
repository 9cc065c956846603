// The browser build's api: what ./index.ts is to the desktop app, for a
// student who opened the teacher's hub in a web browser. The web build
// (ui/vite.web.config.ts) puts this module in place of ./index.ts, so the
// UI's state and components, which import "../api", run unchanged; it
// exports the same names with the same signatures (./web.typecheck.ts makes
// `tsc` prove it).
//
// The class is always the page's own hub: `ws://<the page's host>/ws`. A
// browser can only join it as a student, over ./browser/ (the TypeScript
// twin of the Rust client, emitting the same events). What only the desktop
// app can do (hosting, finding classes on the network, the class history,
// exports, updates) rejects with `NotInBrowser`, or, where the UI asks at
// start-up, answers "nothing": no recent classes, no past classes, no
// update. Teacher-only commands reject with `notHosting`, as the desktop's
// do for a student.
//
// Plain http is not a secure context: no Notifications API, no service
// worker, no crypto.subtle. Nothing here uses them: `notify` shows nothing
// (the page's title counts unread messages instead, see WebApp.tsx).
//
// Across a page reload: the client keeps the seat (./browser/storage.ts);
// this module keeps who joined (name, code, still in the class) next to it,
// so `startup` brings the reloaded page back into the class at once.

import type {
  AdvertiseStatus,
  AppEvent,
  ClassEvent,
  ClientEvent,
  ExportFormat,
  HostInfo,
  HostRequest,
  JoinLink,
  JoinRequest,
  PastClasses,
  PollAnswer,
  PollDraft,
  RecentClass,
  RulesChange,
  StartedFresh,
  Startup,
  UpdateInfo,
  UpdateSettings,
} from "./generated/protocol";
import { BrowserClient, ClientError, SeatStore, browserStorage, seatKey } from "./browser";
import { CommandError, toCommandError } from "./errors";

export type * from "./generated/protocol";
export { APP_ERROR_KINDS, MAX_NAME_CHARS, QR_QUIET_ZONE, SESSION_LIMITS } from "./generated/constants";
export { CommandError, toCommandError };

/** Something only the desktop app does, asked of the browser build. */
export class NotInBrowser extends CommandError {
  constructor(readonly feature: string) {
    super({ kind: "invalidInput", message: `${feature} needs the Classroom app; in a browser you can join a class.` });
    this.name = "NotInBrowser";
  }
}

const notHosting = () =>
  new CommandError({ kind: "invalidInput", code: "notHosting", params: {}, message: "Only the teacher can do that." });
const notInClass = () =>
  new CommandError({ kind: "notInClass", code: "notInClass", params: {}, message: "You are not in a class." });

// --- where the class is --------------------------------------------------

/** The hub's WebSocket: the page's own origin (wss:// when the page came over https). */
export function hubUrl(): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
}

/** What the join form's address shows: the page's host. */
function hubAddress(): string {
  return location.host;
}

/** The longest class code taken from the address (codes are short; this only bounds a pasted link). */
const MAX_CODE_CHARS = 64;

let fragmentCode: string | null | undefined;

/**
 * The class code the page was opened with (`#code=123456`, never a query
 * string: a fragment is not sent to the hub or kept in its logs), read once;
 * the first read removes it from the address bar (and from what a reload
 * or a shared link would carry), keeping any other part of the fragment.
 */
function codeFromAddress(): string | null {
  if (fragmentCode !== undefined) return fragmentCode;
  fragmentCode = null;
  const hash = location.hash.replace(/^#/, "");
  if (hash === "") return null;
  const params = new URLSearchParams(hash);
  if (!params.has("code")) return null;
  const code = (params.get("code") ?? "").trim().slice(0, MAX_CODE_CHARS);
  fragmentCode = code === "" ? null : code;
  params.delete("code");
  const rest = params.toString();
  try {
    history.replaceState(history.state, "", `${location.pathname}${location.search}${rest ? `#${rest}` : ""}`);
  } catch {
    // The code is still used; only the address bar keeps it.
  }
  return fragmentCode;
}

// --- who joined, kept across a reload ------------------------------------

interface Joined {
  name: string;
  code: string;
  /** Joined and not left: a reload goes straight back in. */
  inClass: boolean;
}

const joinedKey = () => `classroom.join|${hubUrl()}`;

function readJoined(): Joined | null {
  try {
    const text = browserStorage()?.getItem(joinedKey()) ?? null;
    if (text === null) return null;
    const value = JSON.parse(text) as Partial<Joined> | null;
    if (typeof value !== "object" || value === null || typeof value.name !== "string") return null;
    return { name: value.name, code: typeof value.code === "string" ? value.code : "", inClass: value.inClass === true };
  } catch {
    return null;
  }
}

function writeJoined(joined: Joined): void {
  try {
    browserStorage()?.setItem(joinedKey(), JSON.stringify(joined));
  } catch {
    // A courtesy: without it a reload shows the form again.
  }
}

function leftClass(): void {
  const joined = readJoined();
  if (joined?.inClass) writeJoined({ ...joined, inClass: false });
}

// --- the class's events --------------------------------------------------

/**
 * Where the events of the class go, in the order they happened. Created by
 * `subscribe`, handed to `joinClass`; `unsubscribe()` stops delivery at once.
 */
export class EventSubscription {
  readonly #onEvent: (event: AppEvent) => void;
  #open = true;

  constructor(onEvent: (event: AppEvent) => void) {
    this.#onEvent = onEvent;
  }

  /** Stops delivering events; later ones from the client are dropped. */
  unsubscribe = (): void => {
    this.#open = false;
  };

  /** @internal Where the client's events go. */
  static sinkOf(subscription: EventSubscription): (event: ClientEvent) => void {
    return (event) => {
      if (subscription.#open) subscription.#onEvent(event);
    };
  }
}

/** Starts receiving the class's events; pass the result to `joinClass`. */
export function subscribe(onEvent: (event: AppEvent) => void): EventSubscription {
  return new EventSubscription(onEvent);
}

// --- the class -----------------------------------------------------------

let client: BrowserClient | null = null;

/** The client of the class we are in, or `notInClass`. */
function current(): BrowserClient {
  if (client === null) throw notInClass();
  return client;
}

/** Runs an intent on the client; its `ClientError` becomes the desktop's `CommandError`. */
async function intent<T>(run: (client: BrowserClient) => T): Promise<T> {
  const c = current();
  try {
    return run(c);
  } catch (error) {
    if (error instanceof ClientError) {
      throw new CommandError({ kind: "io", code: error.code, params: { ...error.params }, message: error.message });
    }
    throw toCommandError(error);
  }
}

/**
 * Joins the class this page came from as a student (`request.address` and
 * `request.class` are not used: the class is the page's hub), as the same
 * participant as before when this browser has a seat there under this
 * name. Resolves once the client is running; being let in or refused comes
 * as events, as on the desktop.
 */
export async function joinClass(request: JoinRequest, events: EventSubscription): Promise<void> {
  if (client !== null && !client.closed) {
    throw new CommandError({ kind: "alreadyInClass", code: "alreadyInClass", params: {}, message: "You are already in a class." });
  }
  const name = request.name.trim();
  if (name === "") {
    throw new CommandError({ kind: "invalidInput", code: "missingName", params: {}, message: "Enter your name." });
  }
  const code = request.code.trim();
  const sink = EventSubscription.sinkOf(events);
  let started: BrowserClient;
  try {
    started = new BrowserClient({ url: hubUrl(), name, code: code === "" ? null : code }, (event) => {
      // Left, ended, removed, refused or replaced: a reload shows the form.
      if (event.kind === "state" && event.data.state === "closed" && client === started) leftClass();
      sink(event);
    });
  } catch (error) {
    throw toCommandError(error);
  }
  client = started;
  writeJoined({ name, code, inClass: true });
  started.start();
}

/** Student: leaves the class (the seat is kept: joining again under the same name comes back to it). */
export async function leaveClass(): Promise<void> {
  const c = client;
  client = null;
  leftClass();
  if (c === null || c.closed) throw notInClass();
  c.leave();
}

/** Queues a chat message; resolves with its client id (a `queued` event with it comes first). */
export function sendMessage(text: string): Promise<string> {
  return intent((c) => c.send(text));
}

/** Tells the class whether we are typing. */
export function setTyping(active: boolean): Promise<void> {
  return intent((c) => c.typing(active));
}

/** Asks for the page of messages before the oldest one shown (`loadingEarlier`, then `earlier`). */
export function loadEarlier(): Promise<void> {
  return intent((c) => c.loadEarlier());
}

/** Student: raises our hand (shown once the hub says so). */
export function raiseHand(): Promise<void> {
  return intent((c) => c.raiseHand());
}

/** Lowers our own hand; lowering someone else's (`id`) is the teacher's. */
export async function lowerHand(id?: string): Promise<void> {
  if (id !== undefined) throw notHosting();
  return intent((c) => c.lowerHand());
}

/** Deletes our own message shortly after sending it (a `messageDeleted` event says so). */
export function deleteMessage(seq: number): Promise<void> {
  return intent((c) => c.deleteMessage(seq));
}

/** Adds (`on`) or takes back one of our reactions on the message `seq`. */
export function reactToMessage(seq: number, emoji: string, on: boolean): Promise<void> {
  return intent((c) => c.react(seq, emoji, on));
}

/** Student: asks the teacher a private question; resolves with its id. */
export function askQuestion(text: string): Promise<string> {
  return intent((c) => c.ask(text));
}

/** Student: answers a poll (or changes the answer, where allowed); resolves with the answer's id. */
export function answerPoll(poll: string, answer: PollAnswer): Promise<string> {
  return intent((c) => c.answerPoll(poll, answer));
}

// --- the teacher's: not from a browser -----------------------------------

/** What a student asking for a teacher's command gets, as on the desktop: `notHosting`. */
async function teacherOnly(): Promise<never> {
  throw notHosting();
}

export const removeStudent: (id: string, ban: boolean) => Promise<void> = teacherOnly;
export const removeOffline: () => Promise<void> = teacherOnly;
export const changeCode: () => Promise<string> = teacherOnly;
export const joinLink: (withCode: boolean) => Promise<JoinLink> = teacherOnly;
export const clearHands: () => Promise<void> = teacherOnly;
export const muteStudent: (id: string, muted: boolean) => Promise<void> = teacherOnly;
export const renameStudent: (id: string, name: string) => Promise<void> = teacherOnly;
export const setRules: (change: RulesChange) => Promise<void> = teacherOnly;
export const answerQuestion: (question: string, text: string, isPublic: boolean, showName: boolean) => Promise<string> =
  teacherOnly;
export const pinMessage: (seq: number | null) => Promise<void> = teacherOnly;
export const openPoll: (poll: PollDraft) => Promise<void> = teacherOnly;
export const closePoll: (poll: string) => Promise<void> = teacherOnly;
export const revealPoll: (poll: string) => Promise<void> = teacherOnly;
export const hideAnswer: (poll: string, text: string) => Promise<void> = teacherOnly;
export const endClass: () => Promise<void> = teacherOnly;
export const retryAdvertising: () => Promise<AdvertiseStatus> = teacherOnly;

// --- the desktop app's: not in a browser ---------------------------------

/** What asking the browser build for something only the app does gets: `NotInBrowser`. */
function desktopOnly(feature: string): () => Promise<never> {
  return async () => {
    throw new NotInBrowser(feature);
  };
}

export const hostClass: (request: HostRequest, events: EventSubscription) => Promise<HostInfo> =
  desktopOnly("Hosting a class");
export const startFresh: () => Promise<StartedFresh> = desktopOnly("The class history");
export const deleteClass: (id: string) => Promise<PastClasses> = desktopOnly("The class history");
export const setRetention: (days: number | null) => Promise<PastClasses> = desktopOnly("The class history");
export const exportClass: (id: string, format: ExportFormat, locale: string) => Promise<string | null> =
  desktopOnly("Exporting a class");
export const setUpdateCheck: (check: boolean) => Promise<UpdateSettings> = desktopOnly("Updating the app");
export const installUpdate: () => Promise<void> = desktopOnly("Updating the app");

/** No classes are kept in a browser. */
export async function pastClasses(): Promise<PastClasses> {
  return { classes: [], retention_days: null, folder: "" };
}

/** The class is this page's: none other was joined from here. */
export async function recentClasses(): Promise<RecentClass[]> {
  return [];
}

/** A browser cannot look for classes on the network: `onError` hears so (`browseUnavailable`). */
export function watchClasses(_onEvent: (event: ClassEvent) => void, onError: (error: CommandError) => void): () => void {
  let open = true;
  queueMicrotask(() => {
    if (!open) return;
    onError(
      new CommandError({
        kind: "io",
        code: "browseUnavailable",
        params: { detail: "not in a browser" },
        message: "Looking for classes needs the Classroom app.",
      }),
    );
  });
  return () => {
    open = false;
  };
}

/** A page is always the newest version the hub serves. */
export async function updateSettings(): Promise<UpdateSettings> {
  return { available: false, check: false, locked: null };
}
export async function checkUpdate(): Promise<UpdateInfo | null> {
  return null;
}

// --- start-up --------------------------------------------------------------

/**
 * What the page opens on: back into the class after a reload (this browser
 * joined it, has not left, and still has its seat), else the join form.
 * Takes a code the page was opened with from the address bar (see
 * `lastJoin`).
 */
export async function startup(): Promise<Startup> {
  const code = codeFromAddress();
  const joined = readJoined();
  if (joined?.inClass && new SeatStore(seatKey(hubUrl(), joined.name)).load() !== null) {
    return { host: null, join: { address: hubAddress(), name: joined.name, code: code ?? joined.code } };
  }
  return { host: null, join: null };
}

/** The join form's start: this hub, the name last used here, and the code from the address or last used. */
export async function lastJoin(): Promise<JoinRequest | null> {
  const code = codeFromAddress();
  const joined = readJoined();
  return { address: hubAddress(), name: joined?.name ?? "", code: code ?? joined?.code ?? "" };
}

// --- notifications: none over plain http ----------------------------------

/** No notifications in a page that is not a secure context: always false, never asks. */
export async function prepareNotifications(): Promise<boolean> {
  return false;
}

/** Shows nothing (see the top of this file); the unread count is in the page's title. */
export const notify: (title: string, body: string) => Promise<void> = async () => {};

/** Whether the page has the keyboard focus. */
export function windowHasFocus(): boolean {
  return document.hasFocus();
}
