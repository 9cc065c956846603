// The classes kept on this computer (the class history the Rust core keeps
// in SQLite) and what the teacher does with them: resume, export, delete,
// how long to keep them, and starting fresh when the history is damaged.
// A pure reducer and the words the screens show; no React, no Tauri, so
// every rule is a plain function, tested in pastClasses.test.ts.

import type { ClassSummary, ExportFormat, PastClasses } from "../api";

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
  error: string | null;
  /** The history file is damaged (the shell's words): Start fresh is offered. */
  damaged: string | null;
  /** Start fresh is on its way. */
  freshening: boolean;
  /** Why Start fresh failed. */
  freshError: string | null;
  /** What Start fresh did, said once after it. */
  fresh: string | null;
  /** The class a row action is waiting for, and which action. */
  busy: { id: string; task: RowTask } | null;
  /** An error about one class (its resume, export or delete failed). */
  rowError: { id: string; message: string } | null;
  /** Where the last export went, shown on that class's row. */
  exported: { id: string; path: string } | null;
  /** A new retention is being applied. */
  savingRetention: boolean;
  retentionError: string | null;
}

export type HistoryAction =
  | { type: "opened"; open: boolean }
  | { type: "loadStarted" }
  | { type: "loaded"; list: PastClasses }
  | { type: "loadFailed"; message: string }
  /** A history command said the history file is damaged. */
  | { type: "damaged"; message: string }
  | { type: "freshStarted" }
  | { type: "freshDone"; kept: string | null }
  | { type: "freshFailed"; message: string }
  | { type: "rowStarted"; id: string; task: RowTask }
  | { type: "rowFailed"; id: string; message: string }
  /** Delete went through: the list is what is left. */
  | { type: "deleted"; list: PastClasses }
  /** Export went through; a null path means the teacher cancelled the save dialog. */
  | { type: "exported"; id: string; path: string | null }
  | { type: "retentionStarted" }
  | { type: "retentionSet"; list: PastClasses }
  | { type: "retentionFailed"; message: string }
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

/** The words said after Start fresh. */
export function freshText(kept: string | null): string {
  return kept === null
    ? "Started with an empty class history."
    : `Started with an empty class history. The damaged file was kept at ${kept}.`;
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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function dayStart(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

function clock(date: Date): string {
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/**
 * A stored time in local time, in the app's words: "Today, 09:14",
 * "Yesterday, 09:14", "3 Mar, 09:14" this year, "3 Mar 2025, 09:14" before.
 * "" when it does not parse.
 */
export function formatWhen(rfc3339: string, now: Date): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return "";
  const days = Math.round((dayStart(now) - dayStart(date)) / 86_400_000);
  if (days === 0) return `Today, ${clock(date)}`;
  if (days === 1) return `Yesterday, ${clock(date)}`;
  const year = date.getFullYear() === now.getFullYear() ? "" : ` ${date.getFullYear()}`;
  return `${date.getDate()} ${MONTHS[date.getMonth()]}${year}, ${clock(date)}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One past class as the list shows it. */
export interface PastClassView {
  id: string;
  name: string;
  teacher: string;
  started: string;
  /** The machine-readable start for `<time>`. */
  startedAt: string;
  /** "Ended 10:32", "Ended 4 Mar, 10:32", or "Interrupted" (the app stopped without ending it). */
  ended: string;
  interrupted: boolean;
  counts: string;
  /** The class had messages (deleting it removes them). */
  messages: number;
}

export function pastClassView(c: ClassSummary, now: Date): PastClassView {
  let ended = "Interrupted";
  if (c.ended_at !== null) {
    const start = new Date(c.started_at);
    const end = new Date(c.ended_at);
    const sameDay = !Number.isNaN(start.getTime()) && dayStart(start) === dayStart(end);
    ended = `Ended ${sameDay ? clock(end) : formatWhen(c.ended_at, now)}`;
  }
  return {
    id: c.id,
    name: c.class,
    teacher: c.teacher,
    started: formatWhen(c.started_at, now),
    startedAt: c.started_at,
    ended,
    interrupted: c.ended_at === null,
    counts: `${count(c.messages, "message", "messages")} · ${count(c.participants, "participant", "participants")}`,
    messages: c.messages,
  };
}

/** The class "Resume last class" offers: the most recently active one. */
export function lastClass(state: HistoryState): ClassSummary | null {
  return state.list?.classes[0] ?? null;
}

/** When the class was last active, e.g. "Today, 10:42", for the Resume last class area. */
export function lastActiveText(c: ClassSummary, now: Date): string {
  return formatWhen(c.last_active_at, now);
}

export interface RetentionOption {
  /** The `<option>` value: "forever" or a number of days. */
  value: string;
  label: string;
  days: number | null;
}

const RETENTION: readonly RetentionOption[] = [
  { value: "forever", label: "Forever", days: null },
  { value: "7", label: "7 days", days: 7 },
  { value: "30", label: "30 days", days: 30 },
  { value: "90", label: "90 days", days: 90 },
  { value: "365", label: "1 year", days: 365 },
];

/** The retention choices; a setting made elsewhere (e.g. 14 days) is listed too, in order. */
export function retentionOptions(current: number | null): RetentionOption[] {
  if (current === null || RETENTION.some((o) => o.days === current)) return [...RETENTION];
  const own = { value: String(current), label: count(current, "day", "days"), days: current };
  return [...RETENTION, own].sort((a, b) => (a.days ?? -Infinity) - (b.days ?? -Infinity));
}

export function retentionValue(days: number | null): string {
  return days === null ? "forever" : String(days);
}

export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: "markdown", label: "Markdown" },
  { format: "csv", label: "CSV" },
  { format: "json", label: "JSON" },
];

/** The damaged-history prompt: the shell's words, and Start fresh's progress. */
export interface DamagedView {
  message: string;
  busy: boolean;
  error: string | null;
}

function damagedView(state: HistoryState): DamagedView | null {
  return state.damaged === null
    ? null
    : { message: state.damaged, busy: state.freshening, error: state.freshError };
}

/** What the teacher's card on Home shows of the history. */
export interface HomeHistoryView {
  /** The class "Resume last class" offers. */
  last: { id: string; name: string; teacher: string; when: string } | null;
  /** How many classes the Past classes screen lists. */
  count: number;
  /** The last class is being resumed. */
  resuming: boolean;
  damaged: DamagedView | null;
  /** What Start fresh did. */
  fresh: string | null;
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
  error: string | null;
  /** "Saved to …" after an export of this class. */
  saved: string | null;
}

/** The Past classes screen. */
export interface HistoryView {
  /** Reading the list for the first time (nothing to show yet). */
  loading: boolean;
  /** Why the list could not be read (with a way to try again). */
  error: string | null;
  damaged: DamagedView | null;
  fresh: string | null;
  classes: PastClassRow[];
  /** Some row waits: the others' buttons wait too. */
  busy: boolean;
  /** The folder the history is kept in, once known. */
  folder: string | null;
  retention: { options: RetentionOption[]; value: string; saving: boolean; error: string | null } | null;
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
      saved: state.exported?.id === c.id ? `Saved to ${state.exported.path}` : null,
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
