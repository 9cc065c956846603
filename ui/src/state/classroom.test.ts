import { describe, expect, it } from "vitest";
import type { AdvertiseStatus } from "../api";
import { ada, bo, cy, entries, entry, ev, hostInfo, inClassAs, participant, past, run, summary, teacher } from "../test/fixtures";
import { CHAT_TRIM_STEP, CHAT_WINDOW, type ClassroomState, TYPING_TTL_MS, initialState, reducer } from "./classroom";
import { chatMessages, codeAlert, earlierView } from "./view";
import { say, shellError } from "../test/i18n";

/** The error on Home, worded in English. */
function homeError(state: ClassroomState) {
  return state.homeError && { ...state.homeError, message: say(state.homeError.message) };
}

/** The first timeline line's reason, worded in English. */
function firstReason(state: ClassroomState) {
  const first = state.timeline[0];
  return first?.kind === "refused" ? say(first.reason) : null;
}

const request = { address: "192.168.1.20:4455", name: "Ada", code: "482913" };

function messages(state: ClassroomState) {
  return state.timeline.filter((i) => i.kind === "message");
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe("joining a class", () => {
  it("stays on Home while joining and enters the class on the welcome", () => {
    let s = reducer(initialState, { type: "joinStarted", request });
    expect(s.phase).toBe("joining");
    expect(s.joinDraft).toEqual(request);
    s = run(s, ev.connecting(), ev.connected());
    expect(s.phase).toBe("joining");
    expect(s.connection).toEqual({ state: "connected" });
    s = run(s, ev.welcome(ada));
    expect(s.phase).toBe("inClass");
    expect(s.you).toEqual(ada);
    expect(s.session?.class).toBe("Physics 101");
    expect(s.limits?.max_text_chars).toBe(2000);
  });

  it("goes back to Home with the hub's reason next to the code field on bad_code", () => {
    const s = run(
      reducer(initialState, { type: "joinStarted", request }),
      ev.connecting(),
      ev.refusedJoin("bad_code", "That class code is not right. Check it with your teacher."),
    );
    expect(s.phase).toBe("home");
    expect(homeError(s)).toEqual({
      card: "join",
      field: "code",
      message: "That class code is not right. Check it with your teacher.",
    });
    expect(s.joinDraft).toEqual(request);
    expect(s.connection).toBeNull();
  });

  it("points name_taken at the name field and other refusals at the card", () => {
    const joining = reducer(initialState, { type: "joinStarted", request });
    expect(run(joining, ev.refusedJoin("name_taken", "Taken.")).homeError?.field).toBe("name");
    expect(homeError(run(joining, ev.refusedJoin("session_full", "Full.")))).toEqual({
      card: "join",
      field: null,
      message: "This class is full.",
    });
  });

  it("shows a closed reason that is not a refusal as a card error", () => {
    const s = run(reducer(initialState, { type: "joinStarted", request }), ev.closed("ended"));
    expect(homeError(s)).toEqual({ card: "join", field: null, message: "Session ended by the teacher" });
  });

  it("keeps the reconnect attempt while the teacher's machine cannot be reached", () => {
    const s = run(reducer(initialState, { type: "joinStarted", request }), ev.connecting(), ev.reconnecting(3));
    expect(s.phase).toBe("joining");
    expect(s.connection).toEqual({ state: "reconnecting", attempt: 3 });
  });

  it("shows a failed join_class command on the join card", () => {
    const s = run(reducer(initialState, { type: "joinStarted", request }), {
      type: "joinFailed",
      message: shellError("Type the teacher's address, like 192.168.1.20:4455."),
    });
    expect(s.phase).toBe("home");
    expect(homeError(s)).toEqual({
      card: "join",
      field: null,
      message: "Type the teacher's address, like 192.168.1.20:4455.",
    });
  });

  it("prefills the join form only when nothing was typed or tried yet", () => {
    const s = reducer(initialState, { type: "prefill", request });
    expect(s.joinDraft).toEqual(request);
    const other = { ...request, name: "Bo" };
    expect(reducer(s, { type: "prefill", request: other }).joinDraft).toEqual(request);
  });
});

describe("hosting a class", () => {
  const info = hostInfo();

  it("enters the class with the host info when host_class resolves", () => {
    let s = reducer(initialState, { type: "hostStarted" });
    expect(s.phase).toBe("starting");
    s = reducer(s, { type: "hostSucceeded", info });
    expect(s.phase).toBe("inClass");
    expect(s.host).toEqual(info);
  });

  it("keeps a welcome that arrives before host_class resolves", () => {
    const s = run(reducer(initialState, { type: "hostStarted" }), ev.connected(), ev.welcome(teacher), {
      type: "hostSucceeded",
      info,
    });
    expect(s.phase).toBe("inClass");
    expect(s.you).toEqual(teacher);
  });

  it("takes a new advertising status after a retry, only while hosting", () => {
    const failed: AdvertiseStatus = { state: "failed", reason: "No network.", retry_helps: true, fix: "Connect." };
    let s = run(reducer(initialState, { type: "hostStarted" }), {
      type: "hostSucceeded",
      info: hostInfo({ advertising: failed }),
    });
    const on: AdvertiseStatus = { state: "on", instance: "Physics 101", interfaces: ["eth0 (192.168.1.20)"], warnings: [] };
    s = reducer(s, { type: "advertising", status: on });
    expect(s.host?.advertising).toEqual(on);
    expect(s.host?.code).toBe("482913");
    expect(reducer(initialState, { type: "advertising", status: on })).toBe(initialState);
  });

  it("returns to Home with the error on the start card", () => {
    const s = run(reducer(initialState, { type: "hostStarted" }), {
      type: "hostFailed",
      message: shellError("Please enter a class name and your name."),
    });
    expect(s.phase).toBe("home");
    expect(homeError(s)).toEqual({ card: "host", field: null, message: "Please enter a class name and your name." });
  });
});

describe("participants", () => {
  it("replaces the list on a roster", () => {
    const s = run(inClassAs(), ev.roster(participant(teacher), participant(cy)));
    expect(s.participants.map((p) => p.id)).toEqual(["p_1", "p_4"]);
  });

  it("upserts on participant: adds a newcomer, updates a known one in place", () => {
    let s = run(inClassAs(), ev.participant(participant(cy)));
    expect(s.participants.map((p) => p.id)).toEqual(["p_1", "p_2", "p_3", "p_4"]);
    s = run(s, ev.participant(participant(bo, false)));
    expect(s.participants.find((p) => p.id === "p_3")?.online).toBe(false);
    expect(s.participants).toHaveLength(4);
  });

  it("drops a removed participant and marks one who left or timed out offline", () => {
    let s = run(inClassAs(), ev.left("p_3", "removed"));
    expect(s.participants.map((p) => p.id)).toEqual(["p_1", "p_2"]);
    s = run(s, ev.left("p_1", "timeout"));
    expect(s.participants.find((p) => p.id === "p_1")).toEqual(participant(teacher, false));
    s = run(inClassAs(), ev.left("p_3", "left"));
    expect(s.participants.find((p) => p.id === "p_3")?.online).toBe(false);
  });
});

describe("messages", () => {
  it("appends each message as the shell delivers it (once, in order: the shell's guarantee)", () => {
    const s = run(inClassAs(), ev.message(entry(1, teacher, "Hello class")), ev.message(entry(2, bo, "Hi")));
    expect(messages(s).map((m) => m.kind === "message" && m.entry.seq)).toEqual([1, 2]);
  });

  it("marks our own messages by participant id, not by name", () => {
    const impostor = { id: "p_9", name: "Ada", role: "student" as const };
    const s = run(inClassAs(ada), ev.message(entry(1, ada, "mine")), ev.message(entry(2, impostor, "not mine")));
    expect(messages(s).map((m) => m.kind === "message" && m.mine)).toEqual([true, false]);
  });

  it("announces messages from others for screen readers, with the teacher marked", () => {
    let s = run(inClassAs(), ev.message(entry(1, teacher, "Open page 12")));
    expect(s.announcement?.key).toBe("m:1");
    expect(say(s.announcement?.text)).toBe("Mrs. Núñez (teacher): Open page 12");
    s = run(s, ev.message(entry(2, ada, "ok")));
    expect(s.announcement?.key).toBe("m:1");
  });

  it("records a gap and moves past it", () => {
    const s = run(inClassAs(), ev.message(entry(1, bo, "a")), ev.gap(2, 40), ev.message(entry(41, bo, "b")));
    expect(s.timeline.map((i) => i.kind)).toEqual(["message", "gap", "message"]);
  });

  it("starts afresh when the welcome is for a different session", () => {
    const s = run(inClassAs(), ev.message(entry(5, bo, "old")), ev.welcome(ada, "s2"));
    expect(s.timeline).toEqual([]);
    expect(s.participants).toEqual([]);
  });

  it("keeps the chat on a welcome for the same session (a resume)", () => {
    const s = run(inClassAs(), ev.message(entry(5, bo, "old")), ev.reconnecting(1), ev.welcome(ada));
    expect(s.timeline).toHaveLength(1);
  });
});

describe("unread count", () => {
  const fromBo = (seq: number) => ev.message(entry(seq, bo, `m${seq}`));

  it("counts messages from others while the panel is closed and resets on opening", () => {
    let s = run(inClassAs(), fromBo(1), fromBo(2), ev.message(entry(3, ada, "own")));
    expect(s.unread).toBe(2);
    s = reducer(s, { type: "panelToggled", open: true });
    expect(s.unread).toBe(0);
  });

  it("does not count while the chat is open at the bottom", () => {
    const s = run(inClassAs(), { type: "panelToggled", open: true }, fromBo(1));
    expect(s.unread).toBe(0);
  });

  it("counts while the reader is scrolled up and resets when back at the bottom", () => {
    let s = run(inClassAs(), { type: "panelToggled", open: true }, { type: "scrolled", atBottom: false }, fromBo(1));
    expect(s.unread).toBe(1);
    s = reducer(s, { type: "scrolled", atBottom: true });
    expect(s.unread).toBe(0);
  });

  it("counts while the Participants tab is shown and resets on returning to Chat", () => {
    let s = run(inClassAs(), { type: "panelToggled", open: true }, { type: "tabSelected", tab: "participants" }, fromBo(1));
    expect(s.unread).toBe(1);
    s = reducer(s, { type: "tabSelected", tab: "chat" });
    expect(s.unread).toBe(0);
  });

  it("opening on the Participants tab leaves the count alone", () => {
    const s = run(
      inClassAs(),
      { type: "tabSelected", tab: "participants" },
      fromBo(1),
      { type: "panelToggled", open: true },
    );
    expect(s.unread).toBe(1);
  });
});

describe("sending", () => {
  it("goes queued (pending) → acked → confirmed by the own copy", () => {
    let s = run(inClassAs(), ev.queued("c1", "Hello"));
    expect(s.pending).toEqual([{ clientId: "c1", text: "Hello", acked: false }]);
    s = run(s, ev.acked("c1", 1));
    expect(s.pending[0]?.acked).toBe(true);
    s = run(s, ev.message(entry(1, ada, "Hello", "c1")));
    expect(s.pending).toEqual([]);
    expect(messages(s)).toHaveLength(1);
    expect(s.unread).toBe(0);
  });

  it("turns a refused message into a refused line with the hub's reason", () => {
    const s = run(
      inClassAs(),
      ev.queued("c1", "spam"),
      ev.refused("c1", "rate_limited", "You are sending too fast. Wait a moment."),
    );
    expect(s.pending).toEqual([]);
    expect(s.timeline).toEqual([
      { kind: "refused", key: "refused:c1", text: "spam", code: "rate_limited", reason: { id: "refusal.rateLimited" } },
    ]);
    expect(firstReason(s)).toBe("You are sending too fast. Wait a moment.");
  });

  it("refuses only the message named, keeping the others pending in order", () => {
    const s = run(
      inClassAs(),
      ev.queued("c1", "one"),
      ev.queued("c2", "x".repeat(3000)),
      ev.queued("c3", "three"),
      ev.refused("c2", "too_long", "That message is too long."),
    );
    expect(s.pending.map((p) => p.text)).toEqual(["one", "three"]);
    expect(s.timeline[0]).toMatchObject({ kind: "refused", code: "too_long" });
    // The limit comes from the welcome, so the app words it itself.
    expect(firstReason(s)).toBe("Messages can have at most 2,000 characters.");
  });

  it("shows a message the shell could not queue as a refused line with the command's message", () => {
    const s = run(inClassAs(), { type: "sendFailed", key: "unsent-1", text: "Hello", message: shellError("You are not in a class.") });
    expect(s.timeline[0]).toMatchObject({ kind: "refused", key: "refused:unsent-1", text: "Hello" });
    expect(firstReason(s)).toBe("You are not in a class.");
    expect(s.pending).toEqual([]);
  });

  it("shows a refusal without a client id as a notice", () => {
    const s = run(inClassAs(), ev.refused(null, "forbidden", "Only the teacher can do that."));
    expect(say(s.notice)).toBe("Only the teacher can do that.");
    expect(s.timeline).toEqual([]);
  });

  it("keeps messages pending while reconnecting", () => {
    const s = run(inClassAs(), ev.reconnecting(2), ev.queued("c1", "later"));
    expect(s.connection).toEqual({ state: "reconnecting", attempt: 2 });
    expect(s.pending).toHaveLength(1);
  });

  it("marks what was still pending as not sent when the class closes", () => {
    const s = run(inClassAs(), ev.queued("c1", "bye"), ev.typing("p_3", true), ev.closed("ended"));
    expect(s.phase).toBe("inClass");
    expect(s.connection).toEqual({ state: "closed", reason: "ended" });
    expect(s.pending).toEqual([]);
    expect(s.timeline[0]).toMatchObject({ kind: "refused", text: "bye" });
    expect(firstReason(s)).toBe("You are no longer connected to the class.");
    expect(s.typing).toEqual({});
  });
});

describe("typing", () => {
  const at = (now: number, ...events: Parameters<typeof run>[1][]) => (s: ClassroomState) =>
    events.reduce<ClassroomState>(
      (acc, e) => reducer(acc, "kind" in e ? { type: "event", event: e, now } : e),
      s,
    );

  it("expires a typing signal after the TTL without a refresh", () => {
    let s = at(10_000, ev.typing("p_3", true))(inClassAs());
    expect(s.typing).toEqual({ p_3: 10_000 + TYPING_TTL_MS });
    s = reducer(s, { type: "tick", now: 10_000 + TYPING_TTL_MS - 1 });
    expect(Object.keys(s.typing)).toEqual(["p_3"]);
    s = at(12_000, ev.typing("p_3", true))(s);
    s = reducer(s, { type: "tick", now: 10_000 + TYPING_TTL_MS + 1 });
    expect(Object.keys(s.typing)).toEqual(["p_3"]);
    s = reducer(s, { type: "tick", now: 12_000 + TYPING_TTL_MS });
    expect(s.typing).toEqual({});
  });

  it("clears on typing false, on their message and when they leave", () => {
    const typing = at(0, ev.typing("p_3", true), ev.typing("p_1", true))(inClassAs());
    expect(Object.keys(run(typing, ev.typing("p_3", false)).typing)).toEqual(["p_1"]);
    expect(Object.keys(run(typing, ev.message(entry(1, bo, "done"))).typing)).toEqual(["p_1"]);
    expect(Object.keys(run(typing, ev.left("p_3", "timeout")).typing)).toEqual(["p_1"]);
    expect(Object.keys(run(typing, ev.left("p_1", "removed")).typing)).toEqual(["p_3"]);
  });

  it("ignores the hub's echo of our own typing", () => {
    expect(run(inClassAs(ada), ev.typing("p_2", true)).typing).toEqual({});
  });

  it("returns the same state when a tick expires nothing", () => {
    const s = at(0, ev.typing("p_3", true))(inClassAs());
    expect(reducer(s, { type: "tick", now: 1 })).toBe(s);
  });
});

describe("panel and leaving", () => {
  it("opens scrolled to the newest message", () => {
    const s = run(inClassAs(), { type: "scrolled", atBottom: false }, { type: "panelToggled", open: true });
    expect(s.panel).toEqual({ open: true, tab: "chat", atBottom: true });
  });

  it("resets to Home but keeps the join form's contents", () => {
    const s = run(inClassAs(), ev.message(entry(1, bo, "x")), { type: "reset" });
    expect(s).toEqual({ ...initialState, joinDraft: request });
  });

  it("never mutates the state it is given", () => {
    const frozen = deepFreeze(inClassAs());
    expect(() =>
      run(
        frozen,
        ev.message(entry(1, bo, "x")),
        ev.participant(participant(cy)),
        ev.left("p_3", "left"),
        ev.typing("p_3", true),
        ev.queued("c", "t"),
        ev.acked("c", 2),
        ev.storage({ state: "ok" }),
        ev.loadingEarlier(),
        { type: "panelToggled", open: true },
        { type: "tick", now: 999_999 },
        ev.closed("removed"),
      ),
    ).not.toThrow();
  });
});

describe("earlier messages", () => {
  const seqs = (state: ClassroomState) => messages(state).map((i) => i.kind === "message" && i.entry.seq);
  /** Ada, with the welcome's last page (messages 201..=205) shown. */
  const reading = () => run(inClassAs(ada), ...entries(201, 205).map(ev.message));

  it("shows a page as on its way when the shell says so", () => {
    const asked = run(reading(), ev.loadingEarlier());
    expect(asked.earlier).toEqual({ loading: true, complete: false });
    expect(earlierView(asked)).toBe("loading");
  });

  it("puts a page before everything shown, as history: no unread, no announcement", () => {
    const before = run(reading(), ev.loadingEarlier());
    const s = run(before, ev.earlier([entry(197, ada, "mine, long ago"), ...entries(198, 200)]));
    expect(seqs(s)).toEqual([197, 198, 199, 200, 201, 202, 203, 204, 205]);
    expect(s.timeline[0]).toMatchObject({ kind: "message", key: "m:197", mine: true });
    expect(s.timeline[1]).toMatchObject({ mine: false });
    expect(s.unread).toBe(before.unread);
    expect(s.announcement).toEqual(before.announcement);
    expect(s.earlier).toEqual({ loading: false, complete: false });
    expect(earlierView(s)).toBe("more");
  });

  it("remembers that the start of the class was reached", () => {
    const s = run(reading(), ev.loadingEarlier(), ev.earlier(entries(101, 200), true));
    expect(s.earlier).toEqual({ loading: false, complete: true });
    expect(earlierView(s)).toBe("start");
  });

  it("waits for the page through a reconnection but not after the class closed", () => {
    const asked = run(reading(), ev.loadingEarlier());
    expect(run(asked, ev.reconnecting(1)).earlier.loading).toBe(true);
    expect(run(asked, ev.closed("ended")).earlier.loading).toBe(false);
  });

  it("gives up on a page the shell refused to ask for, saying why", () => {
    const s = run(reading(), ev.loadingEarlier(), { type: "earlierFailed", message: shellError("Not in a class.") });
    expect(s.earlier.loading).toBe(false);
    expect(say(s.notice)).toBe("Not in a class.");
  });

  it("starts over in another session", () => {
    const done = run(reading(), ev.earlier([], true));
    const s = run(done, ev.welcome(ada, "s2"));
    expect(s.earlier).toEqual({ loading: false, complete: false });
  });
});

describe("a long class: the list keeps the newest lines", () => {
  /** The seqs of the lines the chat's list shows, oldest first. */
  const shown = (state: ClassroomState) =>
    chatMessages(state).map((m) => (m.kind === "message" ? m.seq : null));
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const say = (from: number, to: number) => entries(from, to).map(ev.message);
  const open = { type: "panelToggled", open: true } as const;
  const up = { type: "scrolled", atBottom: false } as const;
  const down = { type: "scrolled", atBottom: true } as const;
  const full = CHAT_WINDOW + CHAT_TRIM_STEP;

  it("shows every line until the window and its step are full", () => {
    const s = run(inClassAs(ada), open, ...say(1, full));
    expect(shown(s)).toEqual(range(1, full));
    expect(earlierView(s)).toBe("start");
  });

  it("trims to the newest CHAT_WINDOW at the bottom, keeping the rest for Load earlier", () => {
    const s = run(inClassAs(ada), open, ...say(1, full + 1));
    expect(shown(s)).toEqual(range(full + 2 - CHAT_WINDOW, full + 1));
    expect(s.timeline).toHaveLength(full + 1);
    // The top offers the lines kept, even though the hub's pages are done.
    expect(earlierView(s)).toBe("more");
  });

  it("trims while the chat is closed or on another tab: it opens at the bottom", () => {
    const closed = run(inClassAs(ada), ...say(1, full + 1));
    expect(shown(closed)).toHaveLength(CHAT_WINDOW);
    const people = run(inClassAs(ada), open, { type: "tabSelected", tab: "participants" }, up, ...say(1, full + 1));
    expect(shown(people)).toHaveLength(CHAT_WINDOW);
  });

  it("never takes a line from above a reader scrolled up, and trims once they are back at the bottom", () => {
    const reading = run(inClassAs(ada), open, ...say(1, CHAT_WINDOW), up, ...say(CHAT_WINDOW + 1, 2 * full));
    expect(shown(reading)).toEqual(range(1, 2 * full));
    expect(reading.unread).toBe(2 * full - CHAT_WINDOW);
    const back = reducer(reading, down);
    expect(shown(back)).toEqual(range(2 * full - CHAT_WINDOW + 1, 2 * full));
    expect(back.unread).toBe(0);
  });

  it("shows the lines kept above a window at a time, then asks the hub", () => {
    const last = 2 * CHAT_WINDOW + CHAT_TRIM_STEP;
    let s = run(inClassAs(ada), open, ...say(1, last), up);
    const first = shown(s)[0]!;
    expect(first).toBeGreaterThan(CHAT_WINDOW);
    expect(last - first + 1).toBeGreaterThanOrEqual(CHAT_WINDOW);
    s = reducer(s, { type: "showEarlier" });
    expect(shown(s)).toEqual(range(first - CHAT_WINDOW, last));
    // New lines meanwhile take nothing away from the reader.
    s = run(s, ...say(last + 1, last + 5));
    expect(shown(s)[0]).toBe(first - CHAT_WINDOW);
    s = reducer(s, { type: "showEarlier" });
    expect(shown(s)).toEqual(range(1, last + 5));
    expect(earlierView(s)).toBe("start");
    expect(reducer(s, { type: "showEarlier" })).toBe(s);
  });

  it("puts a page from the hub above the lines kept, leaving the list as it is", () => {
    // A reloaded client's first page: lines 1001.. shown, the hub has more before.
    let s = run(inClassAs(ada), open, ...say(1001, 1000 + full + 1), up);
    const before = shown(s);
    s = run(s, ev.earlier(entries(901, 1000)));
    expect(shown(s)).toEqual(before);
    expect(s.timeline).toHaveLength(full + 101);
    s = reducer(s, { type: "showEarlier" });
    expect(shown(s)).toEqual(range(901, 1000 + full + 1));
    expect(earlierView(s)).toBe("more");
  });

  it("shows a line deleted while it was kept above as removed when it shows again", () => {
    let s = run(inClassAs(ada), open, ...say(1, full + 1), ev.messageDeleted(3));
    expect(shown(s)).not.toContain(3);
    s = run(s, up, { type: "showEarlier" });
    const line = chatMessages(s).find((m) => m.kind === "message" && m.seq === 3);
    expect(line).toMatchObject({ removed: true, text: "" });
  });

  it("gives the same lines to the screen while nothing they show changed", () => {
    const s = run(inClassAs(ada), open, ...say(1, 10));
    const lines = chatMessages(s);
    expect(chatMessages(run(s, { type: "tick", now: 5 }, ev.typing(bo.id, true)))).toBe(lines);
    expect(chatMessages(run(s, ...say(11, 11)))).not.toBe(lines);
  });

  it("starts a new session's list from its first line", () => {
    const s = run(inClassAs(ada), ...say(1, full + 1), ev.welcome(ada, "s2"), ...say(1, 3));
    expect(shown(s)).toEqual([1, 2, 3]);
  });
});

describe("the hosted class's storage and the class history", () => {
  const hosting = () => run(initialState, { type: "hostStarted" }, { type: "hostSucceeded", info: hostInfo() });

  it("follows the storage state of the hosted class, only while hosting", () => {
    const failing = { state: "failing", message: "The disk is full.", retry_helps: true } as const;
    let s = run(hosting(), ev.storage(failing));
    expect(s.host?.storage).toEqual(failing);
    s = run(s, ev.storage({ state: "ok" }));
    expect(s.host?.storage).toEqual({ state: "ok" });
    expect(run(initialState, ev.storage(failing)).host).toBeNull();
  });

  it("warns of guessing until it stops, and a dismissed warning stays away unless the guessing grows", () => {
    let s = run(hosting(), ev.guessing(6));
    expect(codeAlert(s)).toEqual({ kind: "guessing", wrongCodes: 6 });
    s = run(s, { type: "guessingDismissed" });
    expect(codeAlert(s)).toBeNull();
    s = run(s, ev.guessing(6));
    expect(codeAlert(s)).toBeNull();
    s = run(s, ev.guessing(9));
    expect(codeAlert(s)).toEqual({ kind: "guessing", wrongCodes: 9 });
    s = run(s, ev.guessing(0));
    expect(codeAlert(s)).toBeNull();
    s = run(s, ev.guessing(5));
    expect(codeAlert(s)).toEqual({ kind: "guessing", wrongCodes: 5 });
  });

  it("shows the new code at once and says so until dismissed or the next warning", () => {
    const s = run(hosting(), ev.guessing(14), { type: "codeChanged", code: "731064" }, ev.guessing(0));
    expect(s.host?.code).toBe("731064");
    expect(codeAlert(s)).toEqual({ kind: "changed", code: "731064" });
    expect(codeAlert(run(s, { type: "guessingDismissed" }))).toBeNull();
    expect(codeAlert(run(s, ev.guessing(7)))).toEqual({ kind: "guessing", wrongCodes: 7 });
    // Nothing of it outlives the class.
    expect(run(s, { type: "reset" }).codeChanged).toBe(false);
  });

  it("keeps the class history across classes", () => {
    const list = past([summary("a")]);
    const s = run(initialState, { type: "history", action: { type: "loaded", list } }, { type: "hostStarted" }, { type: "reset" });
    expect(s.history.list).toBe(list);
  });

  it("offers Start fresh, not a card error, when host_class says the history is damaged", () => {
    const s = run(initialState, { type: "hostStarted" }, { type: "hostFailed", message: shellError("The class history is damaged."), damaged: true });
    expect(s.phase).toBe("home");
    expect(s.homeError).toBeNull();
    expect(say(s.history.damaged)).toBe("The class history is damaged.");
  });

  it("shows a failed resume on its row of the Past classes screen, and elsewhere on the card", () => {
    const onScreen = run(
      initialState,
      { type: "history", action: { type: "opened", open: true } },
      { type: "history", action: { type: "loaded", list: past([summary("a")]) } },
      { type: "history", action: { type: "rowStarted", id: "a", task: "resume" } },
      { type: "hostStarted" },
    );
    expect(onScreen.history.busy).toEqual({ id: "a", task: "resume" });
    const s = reducer(onScreen, { type: "hostFailed", message: shellError("Cannot start the class: read-only folder.") });
    expect(s.history.rowError?.id).toBe("a");
    expect(say(s.history.rowError?.message)).toBe("Cannot start the class: read-only folder.");
    expect(s.history.busy).toBeNull();
    expect(s.history.open).toBe(true);
    expect(s.homeError).toBeNull();

    const fromHome = run(
      initialState,
      { type: "history", action: { type: "rowStarted", id: "a", task: "resume" } },
      { type: "hostStarted" },
      { type: "hostFailed", message: shellError("No port.") },
    );
    expect(homeError(fromHome)).toEqual({ card: "host", field: null, message: "No port." });
    expect(fromHome.history.busy).toBeNull();
  });

  it("leaves the Past classes screen once the resumed class runs", () => {
    const s = run(
      initialState,
      { type: "history", action: { type: "opened", open: true } },
      { type: "history", action: { type: "rowStarted", id: "a", task: "resume" } },
      { type: "hostStarted" },
      { type: "hostSucceeded", info: hostInfo({ resumed: true }) },
    );
    expect(s.phase).toBe("inClass");
    expect(s.history.open).toBe(false);
    expect(s.history.busy).toBeNull();
    expect(s.host?.resumed).toBe(true);
  });
});
