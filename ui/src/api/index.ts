// The one module that talks to the Rust shell. Everything else in the UI
// imports from here and never from `@tauri-apps/*`: one typed function per
// Tauri command (through `./commands`, typed by the table generated from the
// shell's commands), one ordered event stream per class, and the desktop
// notification helper. The types and constants come from `./generated/`,
// generated from the Rust definitions; they are the contract.
//
// A new class activity adds its events to the generated `AppEvent` (from the
// core's `ClientEvent`), one command in src-tauri/src/commands.rs, and one
// function here that calls it.

import { Channel } from "@tauri-apps/api/core";
import {
  isPermissionGranted,
  requestPermission,
  sendNotification,
} from "@tauri-apps/plugin-notification";
import { call } from "./commands";
import { notificationText } from "../state/notifications";
import type {
  AdvertiseStatus,
  AppEvent,
  ClassEvent,
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

export type * from "./generated/protocol";
export { APP_ERROR_KINDS, MAX_NAME_CHARS, QR_QUIET_ZONE, SESSION_LIMITS } from "./generated/constants";
import { CommandError, toCommandError } from "./errors";
export { CommandError, toCommandError };

/**
 * Where the events of one class go, in the order they happened: the
 * connection's, and a hosted class's storage state. Created by `subscribe`,
 * handed to `hostClass` or `joinClass`; `unsubscribe()` stops delivery at once.
 */
export class EventSubscription {
  readonly #channel: Channel<AppEvent>;
  #open = true;

  constructor(onEvent: (event: AppEvent) => void) {
    this.#channel = new Channel<AppEvent>((event) => {
      if (this.#open) onEvent(event);
    });
  }

  /** Stops delivering events; later ones from the shell are dropped. */
  unsubscribe = (): void => {
    this.#open = false;
    this.#channel.onmessage = () => {};
  };

  /** @internal The channel handed to the shell. */
  static channelOf(subscription: EventSubscription): Channel<AppEvent> {
    return subscription.#channel;
  }
}

/** Starts receiving a class's `AppEvent`s; pass the result to `hostClass` or `joinClass`. */
export function subscribe(onEvent: (event: AppEvent) => void): EventSubscription {
  return new EventSubscription(onEvent);
}

/**
 * Starts the hub in this process and joins it as the teacher; with
 * `request.resume` (a past class's id) reopens that class instead. Whether
 * the class is being saved starts as `HostInfo.storage`; its changes come as
 * `storage` events. Rejects with kind `damaged` when the class history
 * cannot be read.
 */
export function hostClass(request: HostRequest, events: EventSubscription): Promise<HostInfo> {
  return call("host_class", { request, events: EventSubscription.channelOf(events) });
}

/**
 * Asks for the page of messages before the oldest one shown: a
 * `loadingEarlier` event says it is on its way, and it arrives as one
 * `earlier` event. Asking again meanwhile does nothing, so ask freely.
 */
export function loadEarlier(): Promise<void> {
  return call("load_earlier").then(() => undefined);
}

/** The classes kept on this computer, most recently active first. Rejects with kind `damaged`. */
export function pastClasses(): Promise<PastClasses> {
  return call("past_classes");
}

/** Sets a damaged class history aside (kept, not deleted) and starts an empty one. */
export function startFresh(): Promise<StartedFresh> {
  return call("start_fresh");
}

/** Deletes a past class and its messages from this computer; resolves with what is left. */
export function deleteClass(id: string): Promise<PastClasses> {
  return call("delete_class", { id });
}

/** How many days past classes are kept (null: forever), applied at once; resolves with what is left. */
export function setRetention(days: number | null): Promise<PastClasses> {
  return call("set_retention", { days });
}

/**
 * Exports a past class: the shell asks where to save it (the native save
 * dialog) and writes the file, its headers and labels in the language of
 * `locale` (a BCP 47 tag such as "es-MX"; untranslated languages get
 * English). Resolves with the path saved to, or null when the teacher
 * cancelled the dialog.
 */
export function exportClass(id: string, format: ExportFormat, locale: string): Promise<string | null> {
  return call("export_class", { id, format, locale });
}

/** Teacher: tries listing the class on the network again; resolves with the status now. */
export function retryAdvertising(): Promise<AdvertiseStatus> {
  return call("retry_advertising");
}

// Starting and stopping the search for classes run one after the other, in
// the order asked: a stop still on its way must not end the search started
// after it (React runs an effect, its cleanup and the effect again at once
// in development).
let browsing: Promise<unknown> = Promise.resolve();
function inTurn<T>(command: () => Promise<T>): Promise<T> {
  const next = browsing.then(command, command);
  browsing = next.catch(() => {});
  return next;
}

/**
 * Starts looking for classes on the local network: `onEvent` gets the list
 * (a `snapshot` first) and its changes, `onError` a search that could not
 * start. Returns the unsubscribe: delivery stops at once and the search ends.
 */
export function watchClasses(
  onEvent: (event: ClassEvent) => void,
  onError: (error: CommandError) => void,
): () => void {
  let open = true;
  const channel = new Channel<ClassEvent>((event) => {
    if (open) onEvent(event);
  });
  inTurn(() => call("browse_classes", { events: channel })).catch((reason: unknown) => {
    if (open) onError(toCommandError(reason));
  });
  return () => {
    open = false;
    channel.onmessage = () => {};
    inTurn(() => call("stop_browsing")).catch(() => {
      // Nothing to stop is what was wanted.
    });
  };
}

/** The classes joined lately, most recent first. */
export function recentClasses(): Promise<RecentClass[]> {
  return call("recent_classes");
}

/**
 * Joins a teacher's class as a student: at the typed address, or a class
 * from the list (`request.class`). Resolves once the client is running.
 */
export function joinClass(request: JoinRequest, events: EventSubscription): Promise<void> {
  return call("join_class", { request, events: EventSubscription.channelOf(events) }).then(
    () => undefined,
  );
}

/**
 * Queues a chat message; resolves with its client id. A `queued` event with
 * that id comes first in the class's events; the message is pending until an
 * `acked` event (or the own copy) arrives, or a `refused` one.
 */
export function sendMessage(text: string): Promise<string> {
  return call("send_message", { text });
}

/** Tells the class whether we are typing. */
export function setTyping(active: boolean): Promise<void> {
  return call("set_typing", { active }).then(() => undefined);
}

/** Teacher only: removes a student, optionally banning the name. */
export function removeStudent(id: string, ban: boolean): Promise<void> {
  return call("remove_student", { id, ban }).then(() => undefined);
}

/** Teacher only: removes every student offline now (no ban); they may join again. */
export function removeOffline(): Promise<void> {
  return call("remove_offline").then(() => undefined);
}

/** Teacher only: a new random class code for the hosted class (someone was guessing); returns it. */
export function changeCode(): Promise<string> {
  return call("change_code");
}

/**
 * Teacher only: the hosted class's join link and its QR code, with the
 * current code in it when `withCode` (only the web client's address can
 * carry one: `with_code` says whether it does).
 */
export function joinLink(withCode: boolean): Promise<JoinLink> {
  return call("join_link", { withCode });
}

/**
 * Student: raises our hand. It shows once the hub says so (a `handRaised`
 * event); while not connected it is dropped, not kept for later.
 */
export function raiseHand(): Promise<void> {
  return call("raise_hand").then(() => undefined);
}

/** Lowers a hand: our own (no `id`), or as the teacher a student's; said by a `handLowered` event. */
export function lowerHand(id?: string): Promise<void> {
  return call("lower_hand", { id: id ?? null }).then(() => undefined);
}

/** Teacher only: lowers every hand (a `handsCleared` event). */
export function clearHands(): Promise<void> {
  return call("clear_hands").then(() => undefined);
}

/** Teacher only: mutes or unmutes a student (a `muted` event); a muted student may not post. */
export function muteStudent(id: string, muted: boolean): Promise<void> {
  return call("mute_student", { id, muted }).then(() => undefined);
}

/**
 * Teacher only: gives a student another name. Said by the `participant`
 * event with their new name (same id), which everyone gets; a refusal
 * (`invalid_name`, `name_taken`, `unknown_participant`, `forbidden`) comes
 * as a `refused` event without a client id. The name they already have is
 * no change: nothing comes back. While not connected it is dropped.
 */
export function renameStudent(id: string, name: string): Promise<void> {
  return call("rename_student", { id, name }).then(() => undefined);
}

/**
 * Teacher only: locks or unlocks the chat, sets slow mode, turns the name
 * filter on or off, or turns reactions off or on (a `rules` event); fields
 * left out stay as they are.
 */
export function setRules(change: RulesChange): Promise<void> {
  return call("set_rules", { change }).then(() => undefined);
}

/**
 * Deletes a message for everyone: as the teacher any, as a student our own
 * shortly after sending it. Said by a `messageDeleted` event; a refusal
 * (`delete_expired`, `unknown_message`, `forbidden`) comes as a `refused`
 * event; while not connected it is dropped, not kept for later.
 */
export function deleteMessage(seq: number): Promise<void> {
  return call("delete_message", { seq }).then(() => undefined);
}

/**
 * Adds (`on`) or takes back one of our reactions (one of the fixed set,
 * exactly as written there) on the message `seq`; anyone may, the teacher
 * too. Said by a `reactionChanged` event; a refusal (`reactions_off`,
 * `invalid_reaction`, `unknown_message`, `rate_limited`) comes as a
 * `refused` event without a client id. Adding one already given, or taking
 * back one not given, changes nothing and brings nothing back. While not
 * connected it is dropped, not kept for later.
 */
export function reactToMessage(seq: number, emoji: string, on: boolean): Promise<void> {
  return call("react_to_message", { seq, emoji, on }).then(() => undefined);
}

/**
 * Student: asks the teacher a private question; resolves with its id. A
 * `questionQueued` event with that id comes first (it is kept and sent,
 * again after a reconnect), then `questionAsked` (taken) or `refused`.
 */
export function askQuestion(text: string): Promise<string> {
  return call("ask_question", { text });
}

/**
 * Teacher: answers a private question (by its hub id), privately or
 * (`isPublic`) for everyone as a chat message quoting it, naming the student
 * only with `showName`; resolves with the answer's id. A `replyQueued` event
 * with that id comes first, then `questionAnswered` or `refused`.
 */
export function answerQuestion(question: string, text: string, isPublic: boolean, showName: boolean): Promise<string> {
  return call("answer_question", { question, text, public: isPublic, showName });
}

/** Teacher only: pins a message at the top of everyone's chat, or unpins (null); said by a `pinned` event. */
export function pinMessage(seq: number | null): Promise<void> {
  return call("pin_message", { seq }).then(() => undefined);
}

/** Student: answers a poll (or changes the answer, where allowed); returns the answer's id. */
export function answerPoll(poll: string, answer: PollAnswer): Promise<string> {
  return call("answer_poll", { poll, answer });
}

/** Teacher only: opens a poll (a refusal comes as a `refused` event). */
export function openPoll(poll: PollDraft): Promise<void> {
  return call("open_poll", { poll }).then(() => undefined);
}

/** Teacher only: stops a poll taking answers. */
export function closePoll(poll: string): Promise<void> {
  return call("close_poll", { poll }).then(() => undefined);
}

/** Teacher only: shows a poll's results to everyone. */
export function revealPoll(poll: string): Promise<void> {
  return call("reveal_poll", { poll }).then(() => undefined);
}

/** Teacher only: hides an answer of a text poll from its results. */
export function hideAnswer(poll: string, text: string): Promise<void> {
  return call("hide_answer", { poll, text }).then(() => undefined);
}

/** Teacher only: ends the class for everyone and stops the hub. */
export function endClass(): Promise<void> {
  return call("end_class").then(() => undefined);
}

/** Student: leaves the class. */
export function leaveClass(): Promise<void> {
  return call("leave_class").then(() => undefined);
}

/** The last join form that worked, to prefill it. */
export function lastJoin(): Promise<JoinRequest | null> {
  return call("last_join");
}

/** What the app was launched to do (host or join at once), if anything. */
export function startup(): Promise<Startup> {
  return call("startup");
}

let permission: Promise<boolean> | null = null;

/**
 * Asks for permission to show desktop notifications, once per run. Never
 * rejects: without permission the app simply shows none.
 */
export function prepareNotifications(): Promise<boolean> {
  permission ??= (async () => {
    try {
      if (await isPermissionGranted()) return true;
      return (await requestPermission()) === "granted";
    } catch {
      return false;
    }
  })();
  return permission;
}

/**
 * Whether the notification server may render a body as markup. On Linux
 * (and the BSDs) notifications go over D-Bus to a freedesktop notification
 * server, and those advertising `body-markup` render a subset of HTML in the
 * body (`<b>`, `<i>`, `<a href>`, `<img src>`); the title is plain text
 * there. Windows and macOS show both as plain text.
 */
function notificationBodyIsMarkup(): boolean {
  const agent = navigator.userAgent;
  return /Linux|X11|BSD/.test(agent) && !/Android/.test(agent);
}

/**
 * Shows a desktop notification if allowed. Never rejects. The text is
 * shown as given: control characters are dropped, and markup in the body
 * is escaped where the platform would render it.
 */
export async function notify(title: string, body: string): Promise<void> {
  if (!(await prepareNotifications())) return;
  try {
    sendNotification(notificationText(title, body, notificationBodyIsMarkup()));
  } catch {
    // A notification is a courtesy; the message is in the chat either way.
  }
}

/** Whether the app's window has the keyboard focus (no notification needed then). */
export function windowHasFocus(): boolean {
  return document.hasFocus();
}

/**
 * Whether the app looks for updates: `available` only in release builds
 * (they name an update server), the teacher's `check`, and `locked` when
 * the administrator or `--no-update-check` turned checks off.
 */
export function updateSettings(): Promise<UpdateSettings> {
  return call("update_settings");
}

/** Turns looking for updates on the home screen on or off, kept on this computer; resolves with the settings now. */
export function setUpdateCheck(check: boolean): Promise<UpdateSettings> {
  return call("set_update_check", { check });
}

/**
 * Home screen only: a newer version of the app, or null (none, checks off,
 * or a class open). Rejects when the update server cannot be reached.
 */
export function checkUpdate(): Promise<UpdateInfo | null> {
  return call("check_update");
}

/**
 * Downloads the update `checkUpdate` offered, verifies its signature,
 * installs it and restarts the app into it: resolves just before the app
 * goes. Rejects, with nothing installed, when a class is open, the download
 * fails or its signature does not match.
 */
export function installUpdate(): Promise<void> {
  return call("install_update").then(() => undefined);
}
