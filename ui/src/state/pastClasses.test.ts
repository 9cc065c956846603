import { describe, expect, it } from "vitest";
import { localDay, past, summary } from "../test/fixtures";
import {
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
const at = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).toISOString();

describe("formatWhen", () => {
  it("says today and yesterday, the day this year, and the year before it", () => {
    expect(formatWhen(at(2026, 3, 4, 9, 5), now)).toBe("Today, 09:05");
    expect(formatWhen(at(2026, 3, 3, 23, 59), now)).toBe("Yesterday, 23:59");
    expect(formatWhen(at(2026, 1, 17, 8, 0), now)).toBe("17 Jan, 08:00");
    expect(formatWhen(at(2025, 12, 1, 14, 30), now)).toBe("1 Dec 2025, 14:30");
  });

  it("gives nothing for a time that does not parse", () => {
    expect(formatWhen("yesterday-ish", now)).toBe("");
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
      started: "2 Mar, 09:00",
      ended: "Ended 09:50",
      interrupted: false,
      counts: "42 messages · 18 participants",
    });
    const overnight = pastClassView(summary("b", { started_at: at(2026, 3, 3, 22, 0), ended_at: at(2026, 3, 4, 1, 10) }), now);
    expect(overnight.ended).toBe("Ended Today, 01:10");
  });

  it("says a class that was never ended was interrupted, and counts in the singular", () => {
    const view = pastClassView(summary("a", { ended_at: null, messages: 1, participants: 1 }), now);
    expect(view.ended).toBe("Interrupted");
    expect(view.interrupted).toBe(true);
    expect(view.counts).toBe("1 message · 1 participant");
  });
});

describe("retention choices", () => {
  it("lists forever, 7, 30, 90 days and a year", () => {
    expect(retentionOptions(null).map((o) => [o.label, o.days])).toEqual([
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
    expect(retentionOptions(14).map((o) => o.label)).toEqual(["Forever", "7 days", "14 days", "30 days", "90 days", "1 year"]);
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
    expect(s.fresh).toBe("Started with an empty class history. The damaged file was kept at /data/history.damaged-1.sqlite.");
    expect(run(s, { type: "freshDone", kept: null }).fresh).toBe("Started with an empty class history.");
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
      last: { id: "a", name: "Physics 101", teacher: "Mrs. Núñez", when: "Today, 10:42" },
      count: 2,
      resuming: false,
      damaged: null,
      fresh: null,
    });
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
    expect(exported.classes[1]?.saved).toBe("Saved to /home/t/Chemistry 2.csv");
    expect(view.folder).toBe("/home/teacher/.local/share/classroom");
    expect(view.retention).toMatchObject({ value: "90", saving: false, error: null });
  });

  it("is loading only before anything was read", () => {
    expect(historyView(run(initialHistory, { type: "loadStarted" }), now).loading).toBe(true);
    expect(historyView(run(initialHistory, { type: "loaded", list }, { type: "loadStarted" }), now).loading).toBe(false);
  });

  it("dates rows with the fixture helpers in local time", () => {
    const view = historyView(run(initialHistory, { type: "loaded", list: past([summary("c", { started_at: localDay(1, 8, 15) })]) }));
    expect(view.classes[0]?.started).toBe("Yesterday, 08:15");
  });
});
