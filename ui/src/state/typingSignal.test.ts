import { describe, expect, it } from "vitest";
import { type Clock, TYPING_IDLE_MS, TYPING_REFRESH_MS, TypingSignal } from "./typingSignal";

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      ids += 1;
      timers.push({ at: now + ms, fn, id: ids });
      return ids;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    due.forEach((t) => t.fn());
  };
  return { clock, advance };
}

function setup() {
  const sent: boolean[] = [];
  const { clock, advance } = fakeClock();
  const signal = new TypingSignal((active) => sent.push(active), clock);
  return { sent, signal, advance };
}

describe("TypingSignal", () => {
  it("sends true at most once every 2 s while typing", () => {
    const { sent, signal, advance } = setup();
    signal.input("h");
    signal.input("he");
    advance(TYPING_REFRESH_MS - 1);
    signal.input("hel");
    expect(sent).toEqual([true]);
    advance(1);
    signal.input("hell");
    expect(sent).toEqual([true, true]);
  });

  it("sends false after 3 s without input", () => {
    const { sent, signal, advance } = setup();
    signal.input("h");
    advance(TYPING_IDLE_MS - 1);
    expect(sent).toEqual([true]);
    advance(1);
    expect(sent).toEqual([true, false]);
    advance(10_000);
    expect(sent).toEqual([true, false]);
  });

  it("keeps the idle timer running from the last key", () => {
    const { sent, signal, advance } = setup();
    signal.input("h");
    advance(2_500);
    signal.input("hi");
    advance(2_500);
    expect(sent).toEqual([true, true]);
    advance(500);
    expect(sent).toEqual([true, true, false]);
  });

  it("sends false when the message is sent or the box emptied, once", () => {
    const { sent, signal } = setup();
    signal.input("hi");
    signal.stop();
    signal.stop();
    expect(sent).toEqual([true, false]);
    signal.input("again");
    signal.input("");
    expect(sent).toEqual([true, false, true, false]);
  });

  it("does not signal for white space alone", () => {
    const { sent, signal } = setup();
    signal.input("   ");
    expect(sent).toEqual([]);
  });

  it("says nothing after dispose", () => {
    const { sent, signal, advance } = setup();
    signal.input("hi");
    signal.dispose();
    advance(TYPING_IDLE_MS);
    expect(sent).toEqual([true]);
  });
});
