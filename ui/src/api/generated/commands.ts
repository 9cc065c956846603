// Generated from the #[tauri::command] functions of src-tauri/src/commands.rs
// by src-tauri/tests/contract.rs. Do not edit.
// Regenerate: UPDATE_TS=1 cargo test -p classroom-app --test contract

import type { Channel } from "@tauri-apps/api/core";
import type { AdvertiseStatus, AppEvent, ClassEvent, ExportFormat, HostInfo, HostRequest, JoinLink, JoinRequest, PastClasses, PollAnswer, PollDraft, RecentClass, RulesChange, StartedFresh, Startup, UpdateInfo, UpdateSettings } from "./protocol";

/**
 * Every command of the desktop shell: the arguments the UI sends (by the name
 * Tauri reads; `null`: none) and what it resolves with. Each fails with an
 * `AppErrorPayload`.
 */
export interface Commands {
  /** What the app was launched to do (flags; tests use them). */
  startup: { args: null; result: Startup };
  /** The last join's details, to fill the form in again. */
  last_join: { args: null; result: JoinRequest | null };
  /**
   * Starts (or, with `request.resume`, reopens) a class hosted by this
   * machine; its events (the class's, and whether it is being saved) stream
   * into `events`, in order.
   */
  host_class: { args: { request: HostRequest; events: Channel<AppEvent> }; result: HostInfo };
  /**
   * Asks for the page of messages before the oldest shown: a `loadingEarlier`
   * event, then one `earlier` event; asking again meanwhile does nothing.
   */
  load_earlier: { args: null; result: null };
  /** The stored classes and the retention setting. */
  past_classes: { args: null; result: PastClasses };
  /** Keeps a damaged class history aside and starts an empty one. */
  start_fresh: { args: null; result: StartedFresh };
  /** Deletes a past class; returns what is left. */
  delete_class: { args: { id: string }; result: PastClasses };
  /** Sets how many days past classes are kept (`null`: forever). */
  set_retention: { args: { days: number | null }; result: PastClasses };
  /**
   * Exports a past class's transcript where the teacher chooses in the
   * system's save dialog, its headers and labels in the UI's `locale`
   * (e.g. `es-MX`; untranslated languages get English); returns the saved
   * path, `None` when cancelled. The dialog runs here, not in the webview,
   * so the window never gets to write files itself.
   */
  export_class: { args: { id: string; format: ExportFormat; locale: string }; result: string | null };
  /** Teacher: tries listing the class on the LAN again; returns the status. */
  retry_advertising: { args: null; result: AdvertiseStatus };
  /** Starts looking for classes on the LAN; the list streams into `events`. */
  browse_classes: { args: { events: Channel<ClassEvent> }; result: null };
  /** Stops looking for classes (the join screen closed). */
  stop_browsing: { args: null; result: null };
  /** The classes joined lately, most recent first. */
  recent_classes: { args: null; result: RecentClass[] };
  /**
   * Joins a class as a student (typed address, or a class from the LAN
   * list in `request.class`); events stream into `events`.
   */
  join_class: { args: { request: JoinRequest; events: Channel<AppEvent> }; result: null };
  /**
   * Sends a chat message; returns its client id, announced first by a
   * `queued` event in the class's stream.
   */
  send_message: { args: { text: string }; result: string };
  /** Typing indicator. */
  set_typing: { args: { active: boolean }; result: null };
  /** Teacher: removes a student. */
  remove_student: { args: { id: string; ban: boolean }; result: null };
  /**
   * Teacher: removes every student offline now (no ban); they may join
   * again with the class code.
   */
  remove_offline: { args: null; result: null };
  /**
   * Teacher: gives the hosted class a new random code (someone was
   * guessing it); returns the new code. Students already in keep their seats.
   */
  change_code: { args: null; result: string };
  /**
   * Teacher: the hosted class's join link and its QR code, with the current
   * class code in it when `with_code` (a link that joins without typing the
   * code; only the web client's address can carry one).
   */
  join_link: { args: { withCode: boolean }; result: JoinLink };
  /** Student: raises our hand. */
  raise_hand: { args: null; result: null };
  /** Lowers a hand: our own (no `id`), or as the teacher a student's. */
  lower_hand: { args: { id: string | null }; result: null };
  /** Teacher: lowers every hand. */
  clear_hands: { args: null; result: null };
  /** Teacher: mutes or unmutes a student. */
  mute_student: { args: { id: string; muted: boolean }; result: null };
  /** Teacher: locks or unlocks the chat, or sets slow mode (fields left out stay). */
  set_rules: { args: { change: RulesChange }; result: null };
  /**
   * Deletes a message: as the teacher any, as a student our own shortly
   * after sending it; a refusal comes as a `refused` event.
   */
  delete_message: { args: { seq: number }; result: null };
  /** Teacher: gives a student another name; a refusal comes as a `refused` event. */
  rename_student: { args: { id: string; name: string }; result: null };
  /**
   * Adds (`on`) or takes back a reaction on a message; a refusal comes as a
   * `refused` event.
   */
  react_to_message: { args: { seq: number; emoji: string; on: boolean }; result: null };
  /**
   * Student: asks the teacher a private question; returns its id, named
   * again by its `questionAsked` (taken) or `refused` event.
   */
  ask_question: { args: { text: string }; result: string };
  /**
   * Teacher: answers a private question, privately or (`public`) for
   * everyone, naming the student only with `showName`; returns the answer's
   * id, named again by its `questionAnswered` or `refused` event.
   */
  answer_question: { args: { question: string; text: string; public: boolean; showName: boolean }; result: string };
  /** Teacher: pins a message for everyone, or unpins (no `seq`). */
  pin_message: { args: { seq: number | null }; result: null };
  /**
   * Student: answers a poll (or changes the answer, where allowed); returns
   * the answer's id, named again by its `pollAnswered` (stored) or
   * `refused` event.
   */
  answer_poll: { args: { poll: string; answer: PollAnswer }; result: string };
  /** Teacher: opens a poll; a refusal comes as a `refused` event. */
  open_poll: { args: { poll: PollDraft }; result: null };
  /** Teacher: stops a poll taking answers. */
  close_poll: { args: { poll: string }; result: null };
  /** Teacher: shows a poll's results to everyone. */
  reveal_poll: { args: { poll: string }; result: null };
  /** Teacher: hides an answer of a text poll from its results. */
  hide_answer: { args: { poll: string; text: string }; result: null };
  /** Teacher: ends the class. */
  end_class: { args: null; result: null };
  /** Leaves the class. */
  leave_class: { args: null; result: null };
  /** Whether the app looks for updates, and whether the teacher may change that. */
  update_settings: { args: null; result: UpdateSettings };
  /**
   * Turns looking for updates on the home screen on or off, kept on this
   * computer; returns the settings now.
   */
  set_update_check: { args: { check: boolean }; result: UpdateSettings };
  /**
   * Home screen only: looks for a newer version of the app. `None` when
   * there is none, when checks are off (setting, `--no-update-check`, the
   * administrator, a build without an update server) or a class is open.
   */
  check_update: { args: null; result: UpdateInfo | null };
  /**
   * Downloads the update `check_update` offered, verifies its signature
   * against the key built into the app, installs it and restarts the app
   * into it. Refused while a class is open; nothing is installed after an
   * error.
   */
  install_update: { args: null; result: null };
}

/** The command names, in the order the shell defines them. */
export const COMMAND_NAMES = [
  "startup",
  "last_join",
  "host_class",
  "load_earlier",
  "past_classes",
  "start_fresh",
  "delete_class",
  "set_retention",
  "export_class",
  "retry_advertising",
  "browse_classes",
  "stop_browsing",
  "recent_classes",
  "join_class",
  "send_message",
  "set_typing",
  "remove_student",
  "remove_offline",
  "change_code",
  "join_link",
  "raise_hand",
  "lower_hand",
  "clear_hands",
  "mute_student",
  "set_rules",
  "delete_message",
  "rename_student",
  "react_to_message",
  "ask_question",
  "answer_question",
  "pin_message",
  "answer_poll",
  "open_poll",
  "close_poll",
  "reveal_poll",
  "hide_answer",
  "end_class",
  "leave_class",
  "update_settings",
  "set_update_check",
  "check_update",
  "install_update",
] as const satisfies readonly (keyof Commands)[];
