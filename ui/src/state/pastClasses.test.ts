import { describe, expect, it } from "vitest";
import { text } from "../i18n";
import { localDay, past, summary } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import {
  EXPORT_FORMATS,
  type HistoryAction,
  type HistoryState,
  formatWhen,
  historyReducer,
  historyView,
  homeHistory,
  initialHistory,
  pastClassView,
  retentionOptions,
  retentionValue,
} from "./pastClasses";

function run(state: HistoryState, ...actions: HistoryAction[]): HistoryState {
  return actions.reduce(historyReducer, state);
}

/** Noon, a fixed day: "today" for the times below. */
const now = new Date(2026, 2, 4, 12, 0);
const date = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi);
const at = (y: number, mo: number, d: number, h: number, mi: number) => date(y, mo, d, h, mi).toISOString();
const es = sayIn("es");

describe("formatWhen", () => {
  it("says today and yesterday, the day this year, and the year before it", () => {
    expect(formatWhen(at(2026, 3, 4, 9, 5), now)).toEqual(text("history.when", { day: "today", at: date(2026, 3, 4, 9, 5) }));
    expect(say(formatWhen(at(2026, 3, 4, 9, 5), now))).toBe("Today, 9:05 AM");
    expect(say(formatWhen(at(2026, 3, 3, 23, 59), now))).toBe("Yesterday, 11:59 PM");
    expect(say(formatWhen(at(2026, 1, 17, 8, 0), now))).toBe("Jan 17, 8:00 AM");
    expect(say(formatWhen(at(2025, 12, 1, 14, 30), now))).toBe("Dec 1, 2025, 2:30 PM");
  });

  it("says them in Spanish, with Spanish dates and a 24-hour clock", () => {
    expect(es(formatWhen(at(2026, 3, 4, 9, 5), now))).toBe("hoy, 9:05");
    expect(es(formatWhen(at(2026, 3, 3, 23, 59), now))).toBe("ayer, 23:59");
    expect(es(formatWhen(at(2026, 1, 17, 8, 0), now))).toBe("el 17 ene, 8:00");
    expect(es(formatWhen(at(2025, 12, 1, 14, 30), now))).toBe("el 1 dic 2025, 14:30");
  });

  it("gives nothing for a time that does not parse", () => {
    expect(formatWhen("yesterday-ish", now)).toBeNull();
  });
});

describe("pastClassView", () => {
  it("shows when it started and ended (the end's day only when it differs), and the counts", () => {
    const view = pastClassView(
      summary("a", { started_at: at(2026, 3, 2, 9, 0), ended_at: at(2026, 3, 2, 9, 50), messages: 42, participants: 18 }),
      now,
    );
    expect(view).toMatchObject({
      name: "Physics 101",
      teacher: "Mrs. Núñez",
      started: text("history.when", { day: "thisYear", at: date(2026, 3, 2, 9, 0) }),
      ended: text("history.ended", { day: "sameDay", at: date(2026, 3, 2, 9, 50) }),
      interrupted: false,
      counts: text("history.counts", { messages: 42, participants: 18 }),
    });
    expect(say(view.started)).toBe("Mar 2, 9:00 AM");
    expect(say(view.ended)).toBe("Ended 9:50 AM");
    expect(say(view.counts)).toBe("42 messages · 18 participants");
    expect(es(view.started)).toBe("el 2 mar, 9:00");
    expect(es(view.ended)).toBe("Terminó a las 9:50");
    expect(es(view.counts)).toBe("42 mensajes · 18 participantes");
    const overnight = pastClassView(summary("b", { started_at: at(2026, 3, 3, 22, 0), ended_at: at(2026, 3, 4, 1, 10) }), now);
    expect(overnight.ended).toEqual(text("history.ended", { day: "today", at: date(2026, 3, 4, 1, 10) }));
    expect(say(overnight.ended)).toBe("Ended today, 1:10 AM");
    expect(es(overnight.ended)).toBe("Terminó hoy, 1:10");
  });

  it("says a class that was never ended was interrupted, and counts in the singular", () => {
    const view = pastClassView(summary("a", { ended_at: null, messages: 1, participants: 1 }), now);
    expect(view.ended).toEqual(text("history.interrupted"));
    expect(say(view.ended)).toBe("Interrupted");
    expect(view.interrupted).toBe(true);
    expect(say(view.counts)).toBe("1 message · 1 participant");
    expect(es(view.ended)).toBe("Interrumpida");
    expect(es(view.counts)).toBe("1 mensaje · 1 participante");
  });
});

describe("retention choices", () => {
  it("lists forever, 7, 30, 90 days and a year", () => {
    expect(retentionOptions(null).map((o) => o.label)).toEqual([
      text("history.keepForever"),
      text("history.keepDays", { days: 7 }),
      text("history.keepDays", { days: 30 }),
      text("history.keepDays", { days: 90 }),
      text("history.keepYears", { years: 1 }),
    ]);
    expect(retentionOptions(null).map((o) => [say(o.label), o.days])).toEqual([
      ["Forever", null],
      ["7 days", 7],
      ["30 days", 30],
      ["90 days", 90],
      ["1 year", 365],
    ]);
    expect(retentionValue(null)).toBe("forever");
    expect(retentionValue(30)).toBe("30");
  });

  it("lists a setting made elsewhere in its place", () => {
    expect(retentionOptions(14).map((o) => say(o.label))).toEqual(["Forever", "7 days", "14 days", "30 days", "90 days", "1 year"]);
    expect(retentionOptions(1).map((o) => es(o.label))).toEqual(["Para siempre", "1 día", "7 días", "30 días", "90 días", "1 año"]);
    expect(retentionOptions(30)).toHaveLength(5);
  });
});

describe("historyReducer", () => {
  const list = past([summary("a"), summary("b", { class: "Chemistry 2" })], 30);

  it("reads the list, and forgets an old error or damage once it could", () => {
    let s = run(initialHistory, { type: "loadStarted" });
    expect(s.loading).toBe(true);
    s = run(s, { type: "loadFailed", message: "Cannot read." });
    expect(s).toMatchObject({ loading: false, error: "Cannot read." });
    s = run(s, { type: "loaded", list });
    expect(s).toMatchObject({ loading: false, error: null, damaged: null, list });
  });

  it("drops what it read from a damaged history, and starts fresh", () => {
    let s = run(initialHistory, { type: "loaded", list }, { type: "damaged", message: "The class history is damaged." });
    expect(s.list).toBeNull();
    expect(s.damaged).toBe("The class history is damaged.");
    s = run(s, { type: "freshStarted" });
    expect(s.freshening).toBe(true);
    s = run(s, { type: "freshFailed", message: "Read-only." });
    expect(s).toMatchObject({ freshening: false, freshError: "Read-only.", damaged: "The class history is damaged." });
    s = run(s, { type: "freshStarted" }, { type: "freshDone", kept: "/data/history.damaged-1.sqlite" });
    expect(s.damaged).toBeNull();
    expect(s.freshError).toBeNull();
    expect(s.fresh).toEqual(text("history.freshKept", { path: "/data/history.damaged-1.sqlite" }));
    expect(say(s.fresh)).toBe("Started with an empty class history. The damaged file was kept at /data/history.damaged-1.sqlite.");
    expect(run(s, { type: "freshDone", kept: null }).fresh).toEqual(text("history.freshEmpty"));
    expect(say(run(s, { type: "freshDone", kept: null }).fresh)).toBe("Started with an empty class history.");
  });

  it("keeps a row's result on that row: busy, error, where an export went", () => {
    let s = run(initialHistory, { type: "loaded", list }, { type: "rowStarted", id: "b", task: "export" });
    expect(s.busy).toEqual({ id: "b", task: "export" });
    s = run(s, { type: "exported", id: "b", path: "/home/t/Chemistry 2.md" });
    expect(s.busy).toBeNull();
    expect(s.exported).toEqual({ id: "b", path: "/home/t/Chemistry 2.md" });
    s = run(s, { type: "rowStarted", id: "a", task: "delete" });
    expect(s.exported).toBeNull();
    s = run(s, { type: "rowFailed", id: "a", message: "This class is open now." });
    expect(s.rowError).toEqual({ id: "a", message: "This class is open now." });
  });

  it("says nothing when the teacher cancelled the save dialog", () => {
    const s = run(initialHistory, { type: "rowStarted", id: "a", task: "export" }, { type: "exported", id: "a", path: null });
    expect(s.exported).toBeNull();
    expect(s.rowError).toBeNull();
    expect(s.busy).toBeNull();
  });

  it("takes what is left after a delete or a new retention", () => {
    const left = past([summary("b")], 30);
    expect(run(initialHistory, { type: "loaded", list }, { type: "rowStarted", id: "a", task: "delete" }, { type: "deleted", list: left }).list).toBe(left);
    let s = run(initialHistory, { type: "loaded", list }, { type: "retentionStarted" });
    expect(s.savingRetention).toBe(true);
    s = run(s, { type: "retentionFailed", message: "Read-only." });
    expect(s).toMatchObject({ savingRetention: false, retentionError: "Read-only." });
    s = run(s, { type: "retentionStarted" }, { type: "retentionSet", list: left });
    expect(s).toMatchObject({ savingRetention: false, retentionError: null, list: left });
  });

  it("forgets a visit's row results when the screen opens again", () => {
    const s = run(initialHistory, { type: "exported", id: "a", path: "/x.md" }, { type: "opened", open: false }, { type: "opened", open: true });
    expect(s.exported).toBeNull();
    expect(s.open).toBe(true);
  });
});

describe("views", () => {
  const list = past(
    [
      summary("a", { last_active_at: at(2026, 3, 4, 10, 42), started_at: at(2026, 3, 4, 9, 0), ended_at: null }),
      summary("b", { class: "Chemistry 2", teacher: "Mr. Ortiz" }),
    ],
    90,
  );

  it("offers the most recently active class on Home, with when", () => {
    const s = run(initialHistory, { type: "loaded", list });
    expect(homeHistory(s, now)).toEqual({
      last: {
        id: "a",
        name: "Physics 101",
        teacher: "Mrs. Núñez",
        when: text("history.when", { day: "today", at: date(2026, 3, 4, 10, 42) }),
      },
      count: 2,
      resuming: false,
      damaged: null,
      fresh: null,
    });
    expect(say(homeHistory(s, now).last?.when)).toBe("Today, 10:42 AM");
    expect(homeHistory(run(s, { type: "rowStarted", id: "a", task: "resume" }), now).resuming).toBe(true);
    expect(homeHistory(initialHistory, now)).toMatchObject({ last: null, count: 0 });
  });

  it("puts busy, errors and exports on their rows, and the retention and folder beside", () => {
    const s = run(
      initialHistory,
      { type: "loaded", list },
      { type: "rowStarted", id: "b", task: "export" },
      { type: "exported", id: "b", path: "/home/t/Chemistry 2.csv" },
      { type: "rowStarted", id: "a", task: "delete" },
    );
    const view = historyView(s, now);
    expect(view.classes.map((r) => [r.id, r.busy, r.saved])).toEqual([
      ["a", "delete", null],
      ["b", null, null],
    ]);
    expect(view.busy).toBe(true);
    const exported = historyView(run(initialHistory, { type: "loaded", list }, { type: "exported", id: "b", path: "/home/t/Chemistry 2.csv" }), now);
    expect(exported.classes[1]?.saved).toEqual(text("history.savedTo", { path: "/home/t/Chemistry 2.csv" }));
    expect(say(exported.classes[1]?.saved)).toBe("Saved to /home/t/Chemistry 2.csv");
    expect(es(exported.classes[1]?.saved)).toBe("Guardado en /home/t/Chemistry 2.csv");
    expect(view.folder).toBe("/home/teacher/.local/share/classroom");
    expect(view.retention).toMatchObject({ value: "90", saving: false, error: null });
  });

  it("is loading only before anything was read", () => {
    expect(historyView(run(initialHistory, { type: "loadStarted" }), now).loading).toBe(true);
    expect(historyView(run(initialHistory, { type: "loaded", list }, { type: "loadStarted" }), now).loading).toBe(false);
  });

  it("dates rows with the fixture helpers in local time", () => {
    const view = historyView(run(initialHistory, { type: "loaded", list: past([summary("c", { started_at: localDay(1, 8, 15) })]) }));
    expect(say(view.classes[0]?.started)).toBe("Yesterday, 8:15 AM");
  });
});

describe("EXPORT_FORMATS", () => {
  it("offers the polls' gradebook after the transcripts, worded in English and Spanish", () => {
    expect(EXPORT_FORMATS.map((f) => f.format)).toEqual(["markdown", "csv", "json", "gradebook"]);
    expect(EXPORT_FORMATS.map((f) => say(text(f.label)))).toEqual(["Markdown", "CSV", "JSON", "Gradebook (CSV)"]);
    expect(EXPORT_FORMATS.map((f) => es(text(f.label)))).toEqual(["Markdown", "CSV", "JSON", "Calificaciones (CSV)"]);
  });
});
