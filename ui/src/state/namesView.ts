// The teacher's Rename dialog as it shows (state/names.ts keeps it), and
// what Save does with the typed name: checked as the hub checks it where
// the UI can (not empty, not too long), and nothing sent when it is the
// name the student already has (the hub would not answer at all then: it
// says a rename only by the `participant` event with the new name). Pure.

import { MAX_NAME_CHARS } from "../api";
import { type Text, text } from "../i18n";
import type { ClassroomState } from "./classroom";
import { connected } from "./roomView";
import { isTeacher } from "./view";

export interface RenameDialogView {
  /** The student's participant id. */
  id: string;
  /** Their name now: the dialog's title, and what the field starts with. */
  name: string;
  /** Saved: waiting for the class to show the new name. */
  busy: boolean;
  /** Why the last rename did not happen, or null. */
  error: Text | null;
  /** Not connected: Save cannot act now. */
  disabled: boolean;
  /** The longest name the hub takes (Unicode scalar values, as the field counts them). */
  maxChars: number;
}

/** Teacher: the Rename dialog, while it is open for a student still in the class; null otherwise. */
export function renameDialog(state: ClassroomState): RenameDialogView | null {
  const id = state.rename.id;
  if (id === null || !isTeacher(state)) return null;
  const student = state.participants.find((p) => p.id === id && p.role === "student");
  if (!student) return null;
  return {
    id,
    name: student.name,
    busy: state.rename.sentFrom !== null,
    error: state.rename.error,
    disabled: !connected(state),
    maxChars: MAX_NAME_CHARS,
  };
}

/**
 * A name as the hub compares it: NFKC (full-width letters plain, a no-break
 * space a space), runs of white space one space, trimmed.
 */
export function normalName(name: string): string {
  return name.normalize("NFKC").split(/\s+/u).filter(Boolean).join(" ");
}

/** What Save does with the typed name. */
export type RenameCheck =
  | { kind: "rename"; name: string }
  /** The name they have already: nothing to send, the dialog just closes. */
  | { kind: "unchanged" }
  /** Not sent: the problem, said under the field. */
  | { kind: "problem"; problem: Text };

export function checkRename(typed: string, current: string, maxChars: number = MAX_NAME_CHARS): RenameCheck {
  const name = typed.trim();
  const normal = normalName(name);
  if (normal === "") return { kind: "problem", problem: text("names.nameMissing") };
  if ([...normal].length > maxChars) return { kind: "problem", problem: text("names.nameTooLong", { max: maxChars }) };
  if (normal === normalName(current)) return { kind: "unchanged" };
  return { kind: "rename", name };
}
