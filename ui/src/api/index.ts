// The one module that talks to the Rust shell. Everything else in the UI
// imports from here and never from `@tauri-apps/*`: one typed function per
// Tauri command, an event subscription built on a Tauri `Channel`, and the
// desktop notification helper. The types come from `./generated/protocol`,
// generated from the Rust definitions; they are the contract.

import { Channel, invoke } from "@tauri-apps/api/core";
import {
  isPermissionGranted,
  requestPermission,
  sendNotification,
} from "@tauri-apps/plugin-notification";
import type {
  AdvertiseStatus,
  AppErrorKind,
  AppErrorPayload,
  ClassEvent,
  ClientEvent,
  ExportFormat,
  HostInfo,
  HostRequest,
  JoinRequest,
  PastClasses,
  RecentClass,
  StartedFresh,
  Startup,
  StorageState,
} from "./generated/protocol";

export type * from "./generated/protocol";

/** A failed command, carrying the shell's `AppErrorPayload`. */
export class CommandError extends Error implements AppErrorPayload {
  readonly kind: AppErrorKind;

  constructor(payload: AppErrorPayload) {
    super(payload.message);
    this.name = "CommandError";
    this.kind = payload.kind;
  }
}

const APP_ERROR_KINDS: readonly string[] = [
  "alreadyInClass",
  "notInClass",
  "invalidInput",
  "io",
  "damaged",
] satisfies AppErrorKind[];

/**
 * Turns whatever a rejected `invoke` carries into a `CommandError`. The shell
 * rejects with `{kind, message}`; Tauri itself rejects with a plain string
 * (e.g. an unknown command or a denied permission).
 */
export function toCommandError(reason: unknown): CommandError {
  if (reason instanceof CommandError) return reason;
  if (typeof reason === "object" && reason !== null) {
    const { kind, message } = reason as Record<string, unknown>;
    if (typeof message === "string") {
      const known = typeof kind === "string" && APP_ERROR_KINDS.includes(kind);
      return new CommandError({ kind: known ? (kind as AppErrorKind) : "io", message });
    }
  }
  if (typeof reason === "string" && reason.length > 0) {
    return new CommandError({ kind: "io", message: reason });
  }
  if (reason instanceof Error) {
    return new CommandError({ kind: "io", message: reason.message });
  }
  return new CommandError({ kind: "io", message: "Something went wrong. Please try again." });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toCommandError(reason);
  }
}

/**
 * Where the events of one class connection go. Created by `subscribe`, handed
 * to `hostClass` or `joinClass`; `unsubscribe()` stops delivery at once.
 */
export class EventSubscription {
  readonly #channel: Channel<ClientEvent>;
  #open = true;

  constructor(onEvent: (event: ClientEvent) => void) {
    this.#channel = new Channel<ClientEvent>((event) => {
      if (this.#open) onEvent(event);
    });
  }

  /** Stops delivering events; later ones from the shell are dropped. */
  unsubscribe = (): void => {
    this.#open = false;
    this.#channel.onmessage = () => {};
  };

  /** @internal The channel handed to the shell. */
  static channelOf(subscription: EventSubscription): Channel<ClientEvent> {
    return subscription.#channel;
  }

  /**
   * @internal Another channel of the same class (e.g. its storage state),
   * silenced by the same `unsubscribe()`: one class, one switch.
   */
  static sideChannel<T>(subscription: EventSubscription, onMessage: (message: T) => void): Channel<T> {
    return new Channel<T>((message) => {
      if (subscription.#open) onMessage(message);
    });
  }
}

/** Starts receiving `ClientEvent`s; pass the result to `hostClass` or `joinClass`. */
export function subscribe(onEvent: (event: ClientEvent) => void): EventSubscription {
  return new EventSubscription(onEvent);
}

/**
 * Starts the hub in this process and joins it as the teacher; with
 * `request.resume` (a past class's id) reopens that class instead. Whether
 * the class is being saved starts as `HostInfo.storage`; its changes go to
 * `onStorage` until `events` is unsubscribed. Rejects with kind `damaged`
 * when the class history cannot be read.
 */
export function hostClass(
  request: HostRequest,
  events: EventSubscription,
  onStorage: (state: StorageState) => void,
): Promise<HostInfo> {
  return call<HostInfo>("host_class", {
    request,
    events: EventSubscription.channelOf(events),
    storage: EventSubscription.sideChannel(events, onStorage),
  });
}

/**
 * Asks for the page of messages before the oldest one shown. It arrives as
 * an `earlier` event; asking again while one is on its way does nothing.
 */
export function loadEarlier(): Promise<void> {
  return call<null>("load_earlier").then(() => undefined);
}

/** The classes kept on this computer, most recently active first. Rejects with kind `damaged`. */
export function pastClasses(): Promise<PastClasses> {
  return call<PastClasses>("past_classes");
}

/** Sets a damaged class history aside (kept, not deleted) and starts an empty one. */
export function startFresh(): Promise<StartedFresh> {
  return call<StartedFresh>("start_fresh");
}

/** Deletes a past class and its messages from this computer; resolves with what is left. */
export function deleteClass(id: string): Promise<PastClasses> {
  return call<PastClasses>("delete_class", { id });
}

/** How many days past classes are kept (null: forever), applied at once; resolves with what is left. */
export function setRetention(days: number | null): Promise<PastClasses> {
  return call<PastClasses>("set_retention", { days });
}

/**
 * Exports a past class: the shell asks where to save it (the native save
 * dialog) and writes the file. Resolves with the path saved to, or null
 * when the teacher cancelled the dialog.
 */
export function exportClass(id: string, format: ExportFormat): Promise<string | null> {
  return call<string | null>("export_class", { id, format });
}

/** Teacher: tries listing the class on the network again; resolves with the status now. */
export function retryAdvertising(): Promise<AdvertiseStatus> {
  return call<AdvertiseStatus>("retry_advertising");
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
  inTurn(() => call<null>("browse_classes", { events: channel })).catch((reason: unknown) => {
    if (open) onError(toCommandError(reason));
  });
  return () => {
    open = false;
    channel.onmessage = () => {};
    inTurn(() => call<null>("stop_browsing")).catch(() => {
      // Nothing to stop is what was wanted.
    });
  };
}

/** The classes joined lately, most recent first. */
export function recentClasses(): Promise<RecentClass[]> {
  return call<RecentClass[]>("recent_classes");
}

/**
 * Joins a teacher's class as a student: at the typed address, or a class
 * from the list (`request.class`). Resolves once the client is running.
 */
export function joinClass(request: JoinRequest, events: EventSubscription): Promise<void> {
  return call<null>("join_class", { request, events: EventSubscription.channelOf(events) }).then(
    () => undefined,
  );
}

/**
 * Queues a chat message; resolves with its client id. The message is pending
 * until an `acked` event with that id (or the own copy) arrives.
 */
export function sendMessage(text: string): Promise<string> {
  return call<string>("send_message", { text });
}

/** Tells the class whether we are typing. */
export function setTyping(active: boolean): Promise<void> {
  return call<null>("set_typing", { active }).then(() => undefined);
}

/** Teacher only: removes a student, optionally banning the name. */
export function removeStudent(id: string, ban: boolean): Promise<void> {
  return call<null>("remove_student", { id, ban }).then(() => undefined);
}

/** Teacher only: ends the class for everyone and stops the hub. */
export function endClass(): Promise<void> {
  return call<null>("end_class").then(() => undefined);
}

/** Student: leaves the class. */
export function leaveClass(): Promise<void> {
  return call<null>("leave_class").then(() => undefined);
}

/** The last join form that worked, to prefill it. */
export function lastJoin(): Promise<JoinRequest | null> {
  return call<JoinRequest | null>("last_join");
}

/** What the app was launched to do (host or join at once), if anything. */
export function startup(): Promise<Startup> {
  return call<Startup>("startup");
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

/** Shows a desktop notification if allowed. Never rejects. */
export async function notify(title: string, body: string): Promise<void> {
  if (!(await prepareNotifications())) return;
  try {
    sendNotification({ title, body });
  } catch {
    // A notification is a courtesy; the message is in the chat either way.
  }
}

/** Whether the app's window has the keyboard focus (no notification needed then). */
export function windowHasFocus(): boolean {
  return document.hasFocus();
}
