// Names as the class shows them, and the teacher renaming a student. A
// student's name can change during the class (the teacher renames them):
// everyone gets a `participant` event with the new name, but the messages,
// the pin and the notifications already held carry the name they were sent
// under, so every name shown is looked up on the list of participants by id
// (`currentName`), falling back to the name the entry carries.
//
// The Rename dialog: which student it is open for, the rename sent and not
// yet seen (the hub says nothing but the `participant` event with the new
// name; a refusal comes as a `refused` event without a client id), and why
// the last one was refused. Pure: the shell's events in, state out.

import type { ErrorCode, Participant } from "../api";
import { type Text, text } from "../i18n";

/** Someone as an entry names them: their id and the name it was sent under. */
export interface Named {
  id: string;
  name: string;
}

/** `who`'s name now: the list's, or the entry's own when they are not on the list. */
export function currentName(participants: readonly Participant[], who: Named): string {
  return participants.find((p) => p.id === who.id)?.name ?? who.name;
}

/** Names by participant id, to look many up at once. */
export function namesById(participants: readonly Participant[]): ReadonlyMap<string, string> {
  return new Map(participants.map((p) => [p.id, p.name]));
}

export interface RenameState {
  /** The student whose Rename dialog is open; null: closed. */
  id: string | null;
  /**
   * A rename sent and not yet seen: the name the student had then. The
   * dialog waits (busy) until a `participant` event gives them another one.
   */
  sentFrom: string | null;
  /** Why the last rename did not happen (the hub refused it, or it could not go out), worded when shown. */
  error: Text | null;
}

export const initialRename: RenameState = { id: null, sentFrom: null, error: null };

/** The Rename dialog opens for a student (`id`), or closes (null). */
export function renameOpened(id: string | null): RenameState {
  return id === null ? initialRename : { id, sentFrom: null, error: null };
}

/** Save sent the new name; the student was called `from` then. */
export function renameSent(state: RenameState, from: string): RenameState {
  return state.id === null ? state : { ...state, sentFrom: from, error: null };
}

/** The rename could not go out (the shell said why). */
export function renameFailed(state: RenameState, message: Text): RenameState {
  return state.id === null ? state : { ...state, sentFrom: null, error: message };
}

/** A participant's record changed: the dialog's work is done once its student has another name. */
export function renameSeen(state: RenameState, participant: Participant): RenameState {
  if (state.sentFrom === null || participant.id !== state.id || participant.name === state.sentFrom) return state;
  return initialRename;
}

/** A student left the class for good: their dialog goes with them. */
export function renameGone(state: RenameState, id: string): RenameState {
  return state.id === id ? initialRename : state;
}

/** The connection is not (or no longer) up: a rename on its way may never have gone out. */
export function renameDisconnected(state: RenameState): RenameState {
  if (state.sentFrom === null) return state;
  return { ...state, sentFrom: null, error: text("names.connectionLost") };
}

/**
 * Codes only a rename gets while in the class (a join's refusals close the
 * connection instead): said in the rename's words, in the dialog or, once
 * it is closed, as a notice.
 */
export function isRenameRefusal(code: ErrorCode): code is "invalid_name" | "name_taken" {
  return code === "invalid_name" || code === "name_taken";
}

/** A rename refusal in the UI's words (the hub's sentence is English, and about joining). */
export function renameRefusalText(code: "invalid_name" | "name_taken", maxChars: number): Text {
  return code === "invalid_name" ? text("names.invalidName", { max: maxChars }) : text("names.nameTaken");
}

/**
 * A refusal without a client id while the dialog is open: the dialog with
 * it said (`reason`, already worded by code), or null when it is not the
 * rename's. `invalid_name` and `name_taken` are always the rename's; a
 * student gone (`unknown_participant`) or `forbidden` only while a rename
 * is on its way.
 */
export function renameRefused(state: RenameState, code: ErrorCode, reason: Text): RenameState | null {
  if (state.id === null) return null;
  if (isRenameRefusal(code)) return { ...state, sentFrom: null, error: reason };
  if (state.sentFrom !== null && (code === "unknown_participant" || code === "forbidden")) {
    return { ...state, sentFrom: null, error: reason };
  }
  return null;
}
