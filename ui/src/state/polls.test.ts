import { describe, expect, it } from "vitest";
import type { AppEvent, PollInfo, PollResults } from "../api";
import { answerRefused, applyPollEvent, initialPolls, isPollEvent, isRight, openPoll, type PollsState } from "./polls";
import { text } from "../i18n";
import { pollInfo } from "../test/fixtures";

const info = (id: string, extra: Partial<PollInfo> = {}): PollInfo => pollInfo({ id, ...extra });

const results = (poll: string, extra: Partial<PollResults> = {}): PollResults => ({
  poll,
  answered: 1,
  students: 3,
  counts: [0, 1, 0],
  texts: [],
  correct: [1],
  ...extra,
});

const queued = (poll: string, client_id: string, choices: number[]): AppEvent => ({
  kind: "answerQueued",
  data: { poll, client_id, answer: { choices } },
});

function run(state: PollsState, ...events: AppEvent[]): PollsState {
  return events.reduce((s, e) => (isPollEvent(e) ? applyPollEvent(s, e) : s), state);
}

describe("polls", () => {
  it("follows a poll from open to revealed, with this student's answer", () => {
    let s = run(initialPolls, { kind: "pollOpened", data: info("q_1") });
    expect(openPoll(s)?.info.id).toBe("q_1");
    s = run(s, queued("q_1", "c-a1", [1]));
    expect(s.sending).toEqual({ q_1: { clientId: "c-a1", answer: { choices: [1] } } });
    s = run(s, { kind: "pollAnswered", data: { poll: "q_1", client_id: "c-a1" } });
    expect(s.sending).toEqual({});
    expect(s.list[0]).toMatchObject({ answered: true, mine: { choices: [1] }, status: "open" });
    s = run(s, { kind: "pollClosed", data: { poll: "q_1", by: "timer" } });
    expect(openPoll(s)).toBeNull();
    expect(s.list[0]?.status).toBe("closed");
    s = run(s, { kind: "pollRevealed", data: results("q_1") });
    expect(s.list[0]?.status).toBe("revealed");
    expect(isRight(s.list[0]!, s.list[0]?.mine)).toBe(true);
    expect(isRight(s.list[0]!, { choices: [0] })).toBe(false);
  });

  it("takes the teacher's live results, and a rejoin's snapshot keeps answers on their way", () => {
    let s = run(initialPolls, { kind: "pollOpened", data: info("q_1") }, { kind: "pollTally", data: results("q_1", { answered: 2, who: ["p_2", "p_3"] }) });
    expect(s.list[0]?.results?.who).toEqual(["p_2", "p_3"]);
    s = run(s, queued("q_1", "c-a2", [2]));
    s = run(s, { kind: "polls", data: [{ info: info("q_1"), status: "open", answered: false }] });
    expect(s.sending).toEqual({ q_1: { clientId: "c-a2", answer: { choices: [2] } } });
    expect(s.list[0]?.results).toBeUndefined();
  });

  it("never keeps which answer was ours in an anonymous poll", () => {
    let s = run(initialPolls, { kind: "pollOpened", data: info("q_1", { anonymous: true, quiz: false }) });
    s = run(s, queued("q_1", "c-a1", [0]));
    s = run(s, { kind: "pollAnswered", data: { poll: "q_1", client_id: "c-a1" } });
    expect(s.list[0]?.answered).toBe(true);
    expect(s.list[0]?.mine).toBeUndefined();
  });

  it("judges a multiple choice by the whole set, and says nothing without correct options", () => {
    const multi = { info: info("q_1", { kind: "multi" }), status: "revealed" as const, answered: true, results: results("q_1", { correct: [0, 2] }) };
    expect(isRight(multi, { choices: [0, 2] })).toBe(true);
    expect(isRight(multi, { choices: [0] })).toBe(false);
    expect(isRight({ ...multi, results: results("q_1", { correct: [] }) }, { choices: [0] })).toBeNull();
  });

  it("says why an answer was refused, until the next one, and keeps the newest answer on its way", () => {
    let s = run(initialPolls, { kind: "pollOpened", data: info("q_1") }, queued("q_1", "c-a1", [0]));
    expect(answerRefused(s, "c-other", text("refusal.pollClosed"))).toBeNull();
    s = answerRefused(s, "c-a1", text("refusal.answerLocked"))!;
    expect(s.sending).toEqual({});
    expect(s.refused).toEqual({ q_1: text("refusal.answerLocked") });
    s = run(s, queued("q_1", "c-a2", [1]));
    expect(s.refused).toEqual({});
    // An older answer's ack while a newer one is on its way: the newer one still is.
    s = run(s, queued("q_1", "c-a3", [2]), { kind: "pollAnswered", data: { poll: "q_1", client_id: "c-a2" } });
    expect(s.sending.q_1?.clientId).toBe("c-a3");
    expect(s.list[0]?.answered).toBe(true);
  });
});
