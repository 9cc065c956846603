import { describe, expect, it } from "vitest";
import { IdSource, newPrefix, randomHex32 } from "./ids";
import { Answers, MAX_ANSWERS, MAX_QUESTIONS_KEPT, Questions } from "./kept";
import { Outbox } from "./outbox";

const unlimited = { send_rate: 0, send_burst: 0 };

describe("Outbox", () => {
  it("resends everything unacked with the same ids after a reconnect", () => {
    const outbox = new Outbox(10, new IdSource("x"));
    outbox.reconnected(unlimited);
    const a = outbox.push("a");
    const b = outbox.push("b");
    expect(outbox.next()).toEqual({ send: { id: a, text: "a" } });
    expect(outbox.next()).toEqual({ send: { id: b, text: "b" } });
    expect(outbox.next()).toBeNull();
    expect(outbox.awaiting).toBe(2);
    expect(outbox.settle(a!)).toBe(true);
    expect(outbox.awaiting).toBe(1);
    outbox.disconnected();
    expect(outbox.awaiting).toBe(0);
    outbox.reconnected(unlimited);
    expect(outbox.next()).toEqual({ send: { id: b, text: "b" } });
    expect(outbox.next()).toBeNull();
  });

  it("gives unique ids and is bounded", () => {
    const outbox = new Outbox(2, new IdSource("p"));
    expect(outbox.push("1")).toBe("p-1");
    expect(outbox.push("2")).toBe("p-2");
    expect(outbox.push("3")).toBeNull();
    expect(outbox.settle("p-9")).toBe(false);
    expect(outbox.length).toBe(2);
  });

  it("settling an entry not yet written keeps the written ones counted", () => {
    const outbox = new Outbox(10, new IdSource("p"));
    outbox.reconnected(unlimited);
    outbox.push("1");
    outbox.push("2");
    outbox.next();
    expect(outbox.settle("p-2")).toBe(true);
    expect(outbox.awaiting).toBe(1);
    expect(outbox.next()).toBeNull();
  });

  it("paces sending by the hub's rate and burst", () => {
    let now = 1000;
    const outbox = new Outbox(100, new IdSource("p"), () => now);
    outbox.reconnected({ send_rate: 5, send_burst: 3 });
    for (let n = 0; n < 5; n += 1) outbox.push(String(n));
    for (let n = 0; n < 3; n += 1) expect(outbox.next()).toHaveProperty("send");
    const wait = outbox.next();
    expect(wait).toEqual({ waitMs: 200 });
    now += 100;
    expect(outbox.next()).toEqual({ waitMs: 100 });
    now += 100;
    expect(outbox.next()).toEqual({ send: { id: "p-4", text: "3" } });
    now += 1000;
    expect(outbox.next()).toEqual({ send: { id: "p-5", text: "4" } });
    expect(outbox.next()).toBeNull();
  });

  it("a burst of 0 means the rate itself; a rate of 0 means no pace", () => {
    const outbox = new Outbox(100, new IdSource("p"), () => 0);
    outbox.reconnected({ send_rate: 2, send_burst: 0 });
    for (let n = 0; n < 4; n += 1) outbox.push(String(n));
    expect(outbox.next()).toHaveProperty("send");
    expect(outbox.next()).toHaveProperty("send");
    expect(outbox.next()).toHaveProperty("waitMs");
    outbox.reconnected(unlimited);
    for (let n = 0; n < 4; n += 1) expect(outbox.next()).toHaveProperty("send");
  });

  it("restores entries of an earlier page with their ids, oldest first, within the limit", () => {
    const outbox = new Outbox(3, new IdSource("new"));
    outbox.push("fresh");
    const restored = outbox.restore([
      { id: "old-1", text: "a" },
      { id: "old-2", text: "b" },
      { id: "old-3", text: "c" },
    ]);
    expect(restored.map((p) => p.id)).toEqual(["old-1", "old-2", "old-3"]);
    expect(outbox.entries.map((p) => p.id)).toEqual(["old-1", "old-2", "old-3"]);
    expect(outbox.restore([{ id: "old-1", text: "a" }])).toEqual([]);
  });
});

describe("ids", () => {
  it("are shaped like the Rust client's and differ between clients", () => {
    expect(randomHex32()).toMatch(/^[0-9a-f]{8}$/);
    expect(newPrefix()).toMatch(/^c[0-9a-f]{8}$/);
    const prefixes = new Set(Array.from({ length: 50 }, newPrefix));
    expect(prefixes.size).toBeGreaterThan(45);
    const ids = new IdSource("c1");
    expect([ids.next(), ids.next("a"), ids.next("q")]).toEqual(["c1-1", "c1-a2", "c1-q3"]);
  });

  it("work without crypto (Math.random)", () => {
    const crypto = globalThis.crypto;
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
    try {
      expect(randomHex32()).toMatch(/^[0-9a-f]{8}$/);
    } finally {
      Object.defineProperty(globalThis, "crypto", { value: crypto, configurable: true });
    }
  });
});

describe("Answers", () => {
  it("waits for its ack, and a newer answer to the same poll replaces it", () => {
    const answers = new Answers(new IdSource("c1"));
    const [first] = answers.push("q_1", { choices: [0] });
    const [second, frame] = answers.push("q_1", { choices: [1] });
    expect(first.id).not.toBe(second.id);
    expect(frame).toEqual({ type: "poll:answer", poll: "q_1", id: second.id, choices: [1] });
    expect(answers.resend()).toEqual([frame]);
    expect(answers.settle(first.id)).toBe(false);
    expect(answers.settle(second.id)).toBe(true);
    expect(answers.resend()).toEqual([]);
  });

  it("keeps at most MAX_ANSWERS polls, letting the oldest go", () => {
    const answers = new Answers(new IdSource("c1"));
    for (let n = 0; n <= MAX_ANSWERS; n += 1) answers.push(`q_${n}`, { text: "x" });
    expect(answers.size).toBe(MAX_ANSWERS);
    expect(answers.entries.map((a) => a.poll)).not.toContain("q_0");
  });

  it("restores answers, a live one for the same poll winning", () => {
    const answers = new Answers(new IdSource("c1"));
    answers.push("q_1", { choices: [1] });
    answers.restore([
      { poll: "q_1", id: "old-a1", answer: { choices: [0] } },
      { poll: "q_2", id: "old-a2", answer: { text: "hi" } },
    ]);
    expect(answers.entries.map((a) => a.id)).toEqual(["c1-a1", "old-a2"]);
  });
});

describe("Questions", () => {
  it("wait for their ack with their ids, oldest first", () => {
    const questions = new Questions(new IdSource("c1"));
    const [first, frame] = questions.push("Why?")!;
    questions.push("How?");
    expect(frame).toEqual({ type: "question:ask", id: first.id, text: "Why?" });
    expect(questions.resend()[0]).toEqual(frame);
    expect(questions.settle(first.id)).toBe(true);
    expect(questions.settle(first.id)).toBe(false);
    expect(questions.size).toBe(1);
  });

  it("refuses more than MAX_QUESTIONS_KEPT, dropping none", () => {
    const questions = new Questions();
    for (let n = 0; n < MAX_QUESTIONS_KEPT; n += 1) expect(questions.push(String(n))).not.toBeNull();
    expect(questions.push("one more")).toBeNull();
    expect(questions.resend()).toHaveLength(MAX_QUESTIONS_KEPT);
    expect(questions.restore([{ id: "old", text: "x" }])).toEqual([]);
  });
});
