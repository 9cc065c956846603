// The classes kept on this computer (the class history the Rust core keeps
// in SQLite) and what the teacher does with them: resume, export, delete,
// how long to keep them, and starting fresh when the history is damaged.
// A pure reducer and what the screens show, as `Text` descriptors the
// screens word in the UI's language (dates too: a descriptor carries the
// `Date`, the message formats it with Intl); no React, no Tauri, so every
// rule is a plain function, tested in pastClasses.test.ts.

import type { ClassSummary, ExportFormat, PastClasses } from "../api";
import { type MessageId, type Text, text } from "../i18n";

/**
 * What went wrong, as the shell said it: its own words (a string) until its
 * errors arrive as codes, or a sentence the UI words.
 */
export type Said = string | Text;

/** What one class's row is waiting for. */
export type RowTask = "resume" | "export" | "delete";

export interface HistoryState {
  /** The Past classes screen is open (instead of Home). */
  open: boolean;
  /** The list as last read; null until it has been read. */
  list: PastClasses | null;
  /** The list is being read. */
  loading: boolean;
  /** Why the list could not be read, when the history is not damaged. */
  error: Said | null;
  /** The history file is damaged (the shell's words): Start fresh is offered. */
  damaged: Said | null;
  /** Start fresh is on its way. */
  freshening: boolean;
  /** Why Start fresh failed. */
  freshError: Said | null;
  /** What Start fresh did, said once after it. */
  fresh: Text | null;
  /** The class a row action is waiting for, and which action. */
  busy: { id: string; task: RowTask } | null;
  /** An error about one class (its resume, export or delete failed). */
  rowError: { id: string; message: Said } | null;
  /** Where the last export went, shown on that class's row. */
  exported: { id: string; path: string } | null;
  /** A new retention is being applied. */
  savingRetention: boolean;
  retentionError: Said | null;
}

export type HistoryAction =
  | { type: "opened"; open: boolean }
  | { type: "loadStarted" }
  | { type: "loaded"; list: PastClasses }
  | { type: "loadFailed"; message: Said }
  /** A history command said the history file is damaged. */
  | { type: "damaged"; message: Said }
  | { type: "freshStarted" }
  | { type: "freshDone"; kept: string | null }
  | { type: "freshFailed"; message: Said }
  | { type: "rowStarted"; id: string; task: RowTask }
  | { type: "rowFailed"; id: string; message: Said }
  /** Delete went through: the list is what is left. */
  | { type: "deleted"; list: PastClasses }
  /** Export went through; a null path means the teacher cancelled the save dialog. */
  | { type: "exported"; id: string; path: string | null }
  | { type: "retentionStarted" }
  | { type: "retentionSet"; list: PastClasses }
  | { type: "retentionFailed"; message: Said }
  /** A class is starting (resumed or new): what was said here is old news. */
  | { type: "classStarting" }
  /** The class started, or its start failed elsewhere than on a row: nothing waits any more. */
  | { type: "classStarted" };

export const initialHistory: HistoryState = {
  open: false,
  list: null,
  loading: false,
  error: null,
  damaged: null,
  freshening: false,
  freshError: null,
  fresh: null,
  busy: null,
  rowError: null,
  exported: null,
  savingRetention: false,
  retentionError: null,
};

/** What is said after Start fresh (and where the damaged file went, if it was kept). */
export function freshText(kept: string | null): Text {
  return kept === null ? text("history.freshEmpty") : text("history.freshKept", { path: kept });
}

export function historyReducer(state: HistoryState, action: HistoryAction): HistoryState {
  switch (action.type) {
    case "opened":
      // Row results belong to the visit they were made in.
      return { ...state, open: action.open, rowError: null, exported: null, retentionError: null };
    case "loadStarted":
      return { ...state, loading: true };
    case "loaded":
      return { ...state, loading: false, list: action.list, error: null, damaged: null };
    case "loadFailed":
      return { ...state, loading: false, error: action.message };
    case "damaged":
      // Nothing read from a damaged file can be trusted: no list, no resume.
      return {
        ...state,
        loading: false,
        list: null,
        error: null,
        damaged: action.message,
        busy: null,
        savingRetention: false,
        fresh: null,
      };
    case "freshStarted":
      return { ...state, freshening: true, freshError: null };
    case "freshDone":
      return { ...state, freshening: false, damaged: null, fresh: freshText(action.kept) };
    case "freshFailed":
      return { ...state, freshening: false, freshError: action.message };
    case "rowStarted":
      return {
        ...state,
        busy: { id: action.id, task: action.task },
        rowError: null,
        exported: null,
      };
    case "rowFailed":
      return { ...state, busy: null, rowError: { id: action.id, message: action.message } };
    case "deleted":
      return { ...state, busy: null, list: action.list };
    case "exported":
      return {
        ...state,
        busy: null,
        exported: action.path === null ? null : { id: action.id, path: action.path },
      };
    case "retentionStarted":
      return { ...state, savingRetention: true, retentionError: null };
    case "retentionSet":
      return { ...state, savingRetention: false, list: action.list };
    case "retentionFailed":
      return { ...state, savingRetention: false, retentionError: action.message };
    case "classStarting":
      return { ...state, fresh: null, freshError: null, exported: null, rowError: null };
    case "classStarted":
      return { ...state, open: false, busy: null };
  }
}

// ---- What the screens show -------------------------------------------------

function dayStart(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Which words a time takes, by its day: see `history.when` in the catalogues. */
export type Day = "today" | "yesterday" | "thisYear" | "older";

/** A stored time's day (relative to `now`, in local time) and the time itself; null when it does not parse. */
export function whenOf(rfc3339: string, now: Date): { day: Day; at: Date } | null {
  const at = new Date(rfc3339);
  if (Number.isNaN(at.getTime())) return null;
  const days = Math.round((dayStart(now) - dayStart(at)) / 86_400_000);
  const day: Day =
    days === 0 ? "today" : days === 1 ? "yesterday" : at.getFullYear() === now.getFullYear() ? "thisYear" : "older";
  return { day, at };
}

/**
 * A stored time, in words to be: "Today, 9:14 AM", "Yesterday, 9:14 AM",
 * "Mar 3, 9:14 AM" this year, "Mar 3, 2025, 9:14 AM" before (each language
 * its own way, through Intl). Null when it does not parse.
 */
export function formatWhen(rfc3339: string, now: Date): Text | null {
  const when = whenOf(rfc3339, now);
  return when && text("history.when", when);
}

/** One past class as the list shows it. */
export interface PastClassView {
  id: string;
  name: string;
  teacher: string;
  /** When it started (null if the time does not parse). */
  started: Text | null;
  /** The machine-readable start for `<time>`. */
  startedAt: string;
  /** "Ended 10:32 AM" (the same day), "Ended Mar 4, 10:32 AM", or "Interrupted" (the app stopped without ending it). */
  ended: Text;
  interrupted: boolean;
  /** "42 messages · 18 participants". */
  counts: Text;
  /** The class had messages (deleting it removes them). */
  messages: number;
}

function endedText(c: ClassSummary, now: Date): Text {
  const end = c.ended_at === null ? null : whenOf(c.ended_at, now);
  if (end === null) return text("history.interrupted");
  const start = new Date(c.started_at);
  const sameDay = !Number.isNaN(start.getTime()) && dayStart(start) === dayStart(end.at);
  return text("history.ended", { day: sameDay ? "sameDay" : end.day, at: end.at });
}

export function pastClassView(c: ClassSummary, now: Date): PastClassView {
  return {
    id: c.id,
    name: c.class,
    teacher: c.teacher,
    started: formatWhen(c.started_at, now),
    startedAt: c.started_at,
    ended: endedText(c, now),
    interrupted: c.ended_at === null,
    counts: text("history.counts", { messages: c.messages, participants: c.participants }),
    messages: c.messages,
  };
}

/** The class "Resume last class" offers: the most recently active one. */
export function lastClass(state: HistoryState): ClassSummary | null {
  return state.list?.classes[0] ?? null;
}

/** When the class was last active, e.g. "Today, 10:42 AM", for the Resume last class area. */
export function lastActiveText(c: ClassSummary, now: Date): Text | null {
  return formatWhen(c.last_active_at, now);
}

export interface RetentionOption {
  /** The `<option>` value: "forever" or a number of days. */
  value: string;
  label: Text;
  days: number | null;
}

const daysOption = (days: number): RetentionOption => ({
  value: String(days),
  label: text("history.keepDays", { days }),
  days,
});

const RETENTION: readonly RetentionOption[] = [
  { value: "forever", label: text("history.keepForever"), days: null },
  daysOption(7),
  daysOption(30),
  daysOption(90),
  { value: "365", label: text("history.keepYears", { years: 1 }), days: 365 },
];

/** The retention choices; a setting made elsewhere (e.g. 14 days) is listed too, in order. */
export function retentionOptions(current: number | null): RetentionOption[] {
  if (current === null || RETENTION.some((o) => o.days === current)) return [...RETENTION];
  const own = daysOption(current);
  return [...RETENTION, own].sort((a, b) => (a.days ?? -Infinity) - (b.days ?? -Infinity));
}

export function retentionValue(days: number | null): string {
  return days === null ? "forever" : String(days);
}

export const EXPORT_FORMATS: readonly { format: ExportFormat; label: MessageId }[] = [
  { format: "markdown", label: "history.formatMarkdown" },
  { format: "csv", label: "history.formatCsv" },
  { format: "json", label: "history.formatJson" },
  { format: "gradebook", label: "history.formatGradebook" },
];

/** The damaged-history prompt: the shell's words, and Start fresh's progress. */
export interface DamagedView {
  message: Said;
  busy: boolean;
  error: Said | null;
}

function damagedView(state: HistoryState): DamagedView | null {
  return state.damaged === null
    ? null
    : { message: state.damaged, busy: state.freshening, error: state.freshError };
}

/** What the teacher's card on Home shows of the history. */
export interface HomeHistoryView {
  /** The class "Resume last class" offers. */
  last: { id: string; name: string; teacher: string; when: Text | null } | null;
  /** How many classes the Past classes screen lists. */
  count: number;
  /** The last class is being resumed. */
  resuming: boolean;
  damaged: DamagedView | null;
  /** What Start fresh did. */
  fresh: Text | null;
}

export function homeHistory(state: HistoryState, now: Date = new Date()): HomeHistoryView {
  const last = lastClass(state);
  return {
    last: last && { id: last.id, name: last.class, teacher: last.teacher, when: lastActiveText(last, now) },
    count: state.list?.classes.length ?? 0,
    resuming: last !== null && state.busy?.id === last.id && state.busy.task === "resume",
    damaged: damagedView(state),
    fresh: state.fresh,
  };
}

/** One row of the Past classes screen. */
export interface PastClassRow extends PastClassView {
  /** What this row waits for. */
  busy: RowTask | null;
  error: Said | null;
  /** "Saved to …" after an export of this class. */
  saved: Text | null;
}

/** The Past classes screen. */
export interface HistoryView {
  /** Reading the list for the first time (nothing to show yet). */
  loading: boolean;
  /** Why the list could not be read (with a way to try again). */
  error: Said | null;
  damaged: DamagedView | null;
  fresh: Text | null;
  classes: PastClassRow[];
  /** Some row waits: the others' buttons wait too. */
  busy: boolean;
  /** The folder the history is kept in, once known. */
  folder: string | null;
  retention: { options: RetentionOption[]; value: string; saving: boolean; error: Said | null } | null;
}

export function historyView(state: HistoryState, now: Date = new Date()): HistoryView {
  const list = state.list;
  return {
    loading: list === null && state.loading,
    error: state.error,
    damaged: damagedView(state),
    fresh: state.fresh,
    classes: (list?.classes ?? []).map((c) => ({
      ...pastClassView(c, now),
      busy: state.busy?.id === c.id ? state.busy.task : null,
      error: state.rowError?.id === c.id ? state.rowError.message : null,
      saved: state.exported?.id === c.id ? text("history.savedTo", { path: state.exported.path }) : null,
    })),
    busy: state.busy !== null,
    folder: list?.folder ?? null,
    retention: list && {
      options: retentionOptions(list.retention_days),
      value: retentionValue(list.retention_days),
      saving: state.savingRetention,
      error: state.retentionError,
    },
  };
}
