import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatEntry, Identity } from "../api";
import { ada, bo, entry, ev, inClassAs, removed, run, teacher } from "../test/fixtures";
import type { ClassroomState } from "./classroom";
import { type MessageActionsView, NO_ACTIONS, messageActions, messageEditsTickMs, pinnedMessage } from "./messageEditsView";
import { type MessageView, chatMessages } from "./view";

/** When the test's messages were sent, and the clock starts. */
const SENT = Date.parse("2026-12-02T10:00:00.000Z");

/** A message sent `secondsAfter` seconds after `SENT`. */
function at(seq: number, from: Identity, text: string, secondsAfter = 0): ChatEntry {
  return { ...entry(seq, from, text), ts: new Date(SENT + secondsAfter * 1000).toISOString() };
}

/**
 * The actions on each sent line (each message of the timeline), by seq, as
 * "delete", "pin", "delete+unpin"…; "-" for none. Asked of the lookup for
 * each line as the chat shows it, as the list does.
 */
function actionsBySeq(state: ClassroomState, now: number): Record<number, string> {
  const actions = messageActions(state, now);
  const out: Record<number, string> = {};
  for (const line of chatMessages(state)) {
    if (line.kind !== "message" || line.seq === null) continue;
    const a = actions(line);
    out[line.seq] = [a.delete ? "delete" : "", a.pin ?? ""].filter(Boolean).join("+") || "-";
  }
  return out;
}

/** The actions on every line of the chat as it shows them (sent or not), in order. */
function actionsOnEveryLine(state: ClassroomState, now: number): MessageActionsView[] {
  const actions = messageActions(state, now);
  return chatMessages(state).map((line) => actions(line));
}

/** The line `key` as the chat shows it; it must be there. */
function lineOf(state: ClassroomState, key: string): MessageView {
  const line = chatMessages(state).find((m) => m.key === key);
  if (line === undefined) throw new Error(`no line ${key}`);
  return line;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("what the teacher may do with messages", () => {
  it("deletes and pins any message, unpins the pinned one, and leaves removed ones alone", () => {
    const s = run(
      inClassAs(teacher),
      ev.message(at(1, bo, "Hi")),
      ev.message(at(2, teacher, "Welcome")),
      ev.message(at(3, ada, "Question")),
      ev.message(removed(at(4, bo, ""))),
      ev.pinned(at(3, ada, "Question")),
    );
    // Long after the window: the teacher has none.
    expect(actionsBySeq(s, SENT + 3_600_000)).toEqual({ 1: "delete+pin", 2: "delete+pin", 3: "delete+unpin", 4: "-" });
    const deleted = run(s, ev.messageDeleted(1));
    expect(actionsBySeq(deleted, SENT)[1]).toBe("-");
  });

  it("has nothing for lines not sent (on their way, refused)", () => {
    const s = run(inClassAs(teacher), ev.queued("c-1", "Pending"), ev.queued("c-2", "No"), ev.refused("c-2", "too_long", ""));
    const actions = actionsOnEveryLine(s, SENT);
    expect(actions).toHaveLength(2);
    for (const a of actions) expect(a).toBe(NO_ACTIONS);
  });
});

describe("what a student may do with messages", () => {
  const chat = () =>
    run(inClassAs(ada), ev.message(at(1, teacher, "Welcome")), ev.message(at(2, bo, "Hi")), ev.message(at(3, ada, "Mine", 10)));

  it("deletes only their own message, and only within the window, by the local clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(SENT + 10_000);
    const s = chat();
    expect(actionsBySeq(s, Date.now())).toEqual({ 1: "-", 2: "-", 3: "delete" });
    vi.advanceTimersByTime(119_000); // "Mine" was sent 119 s ago
    expect(actionsBySeq(s, Date.now())[3]).toBe("delete");
    vi.advanceTimersByTime(1_000); // its 120 s are up
    expect(actionsBySeq(s, Date.now())[3]).toBe("-");
  });

  it("follows the window the hub set", () => {
    const s = chat();
    const short = { ...s, limits: { ...s.limits!, delete_window_seconds: 30 } };
    expect(actionsBySeq(short, SENT + 39_000)[3]).toBe("delete");
    expect(actionsBySeq(short, SENT + 40_000)[3]).toBe("-");
  });

  it("never pins, and has nothing on a removed message of theirs", () => {
    const s = run(chat(), ev.pinned(at(3, ada, "Mine", 10)));
    expect(actionsBySeq(s, SENT + 10_000)[3]).toBe("delete");
    expect(actionsBySeq(run(s, ev.messageDeleted(3, "sender")), SENT + 10_000)[3]).toBe("-");
  });

  it("has nothing while not connected (the shell would drop it)", () => {
    const s = run(chat(), ev.reconnecting(1));
    const actions = actionsOnEveryLine(s, SENT + 10_000);
    expect(actions).toHaveLength(3);
    for (const a of actions) expect(a).toBe(NO_ACTIONS);
    expect(actionsBySeq(run(s, ev.connected()), SENT + 10_000)[3]).toBe("delete");
  });

  it("keeps the same actions object for lines whose actions did not change", () => {
    const s = chat();
    const before = messageActions(s, SENT + 20_000)(lineOf(s, "m:3"));
    expect(before).toMatchObject({ delete: true });
    expect(messageActions(s, SENT + 30_000)(lineOf(s, "m:3"))).toBe(before);
  });
});

describe("the clock for Delete", () => {
  it("ticks every second while a student can still delete a message of theirs, else not", () => {
    const s = run(inClassAs(ada), ev.message(at(3, ada, "Mine")));
    expect(messageEditsTickMs(s, SENT + 1_000)).toBe(1_000);
    expect(messageEditsTickMs(s, SENT + 120_000)).toBeNull();
    expect(messageEditsTickMs(run(s, ev.messageDeleted(3, "sender")), SENT + 1_000)).toBeNull();
    expect(messageEditsTickMs(run(inClassAs(teacher), ev.message(at(3, teacher, "Mine"))), SENT + 1_000)).toBeNull();
  });
});

describe("the pinned message's bar", () => {
  it("shows the pin to everyone, with Unpin for the teacher only", () => {
    const pin = at(2, bo, "Is it 2.5 m/s²?");
    expect(pinnedMessage(run(inClassAs(ada), ev.pinned(pin)))).toEqual({
      seq: 2,
      sender: "Bo",
      mine: false,
      teacher: false,
      text: "Is it 2.5 m/s²?",
      unpin: false,
      disabled: false,
    });
    expect(pinnedMessage(run(inClassAs(bo), ev.pinned(pin)))).toMatchObject({ mine: true, unpin: false });
    expect(pinnedMessage(run(inClassAs(teacher), ev.pinned(pin)))).toMatchObject({ unpin: true, disabled: false });
    expect(pinnedMessage(run(inClassAs(teacher), ev.pinned(pin), ev.reconnecting(1)))).toMatchObject({ disabled: true });
    expect(pinnedMessage(inClassAs(teacher))).toBeNull();
  });
});
