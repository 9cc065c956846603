// @vitest-environment node
// The browser client against a scripted hub: a real WebSocket server in the
// test plays the hub, frame by frame, including the ways a network and a
// hub misbehave. Each test asserts the events the client emits (what the
// UI's reducer gets) and the frames it sends.

import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, BrowserClient, ClientError, type BrowserClientOptions } from "./client";
import { installMemoryLocalStorage, memoryStorage, NodeWebSocket, Recorder, ScriptedHub, until } from "./hub.testing";
import { SeatStore } from "./storage";
import { SESSION_LIMITS } from "../generated/constants";
import { entry } from "./testing";

installMemoryLocalStorage();

let hub: ScriptedHub;
const clients: BrowserClient[] = [];

beforeEach(async () => {
  hub = await ScriptedHub.start();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave();
  await hub.stop();
});

function start(options: Partial<BrowserClientOptions> = {}): { client: BrowserClient; events: Recorder } {
  const events = new Recorder();
  const client = new BrowserClient(
    {
      url: hub.url,
      name: "Ada",
      code: "123456",
      WebSocket: NodeWebSocket,
      seats: null,
      backoffInitialMs: 10,
      backoffMaxMs: 40,
      ...options,
    },
    events.listener,
  );
  clients.push(client);
  client.start();
  return { client, events };
}

const message = (seq: number, overrides = {}) => ({ type: "chat:message", ...entry(seq), ...overrides });

describe("joining", () => {
  it("joins with name and code and tells the welcome as the Rust client does", async () => {
    const { events } = start();
    const conn = await hub.connection();
    const join = await conn.join({
      history: [entry(1), entry(2)],
      last_seq: 2,
      held_reactions: { from: 1, to: 2, counts: [] },
    });
    expect(join).toEqual({ type: "student:join", name: "Ada", code: "123456", last_seq: 0 });
    await events.wait("heldReactions");
    await until(() => (events.messages().length === 2 ? true : undefined), "the history");
    expect(events.kinds()).toEqual([
      "state:connecting",
      "state:connected",
      "welcome",
      "roster",
      "polls",
      "room",
      "deletedMessages",
      "myReactions",
      "questions",
      "heldReactions",
      "message",
      "message",
    ]);
    expect(events.events[2]).toEqual({
      kind: "welcome",
      data: {
        you: { id: "p_2", name: "Ada", role: "student" },
        session: { id: "session-1", class: "Test 101", teacher: "T", started_at: "2026-11-25T22:07:11.88Z" },
        limits: { ...SESSION_LIMITS, send_rate: 0 },
      },
    });
  });

  it("stops on a refused join with the error's code and message", async () => {
    const { events, client } = start();
    const conn = await hub.connection();
    await conn.next("student:join");
    conn.send({ type: "error", code: "bad_code", message: "That class code is not right." });
    conn.close(1008, "bad_code");
    await events.state("closed");
    expect(events.events.at(-1)).toEqual({
      kind: "state",
      data: { state: "closed", reason: "refused", code: "bad_code", message: "That class code is not right." },
    });
    expect(client.closed).toBe(true);
    expect(() => client.send("hi")).toThrow(ClientError);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(hub.connections).toHaveLength(1);
  });

  it("drops a refused resume token and joins afresh at once", async () => {
    const storage = memoryStorage();
    const seats = new SeatStore("seat", storage);
    seats.save({ session: "session-0", token: "stale", lastSeq: 9, outbox: [], answers: [], questions: [] });
    const { events } = start({ seats });
    const first = await hub.connection();
    expect(await first.next("student:join")).toMatchObject({ resume: "stale", last_seq: 9 });
    first.send({ type: "error", code: "bad_token", message: "Unknown token." });
    first.close(1008, "bad_token");
    const second = await hub.connection();
    const join = await second.join({ session: { id: "session-2", class: "C", teacher: "T", started_at: "x" } });
    expect(join.resume).toBeUndefined();
    await events.state("connected");
    expect(events.kinds().slice(0, 3)).toEqual(["state:connecting", "state:reconnecting", "state:connected"]);
    expect(events.events[1]).toEqual({ kind: "state", data: { state: "reconnecting", attempt: 1 } });
    // The new session's seat replaces the stale one.
    await until(() => seats.load()?.token === "token-1" || undefined, "the new seat");
    expect(seats.load()?.session).toBe("session-2");
  });

  it("ends on 4001 after session:removed, forgetting the seat", async () => {
    const seats = new SeatStore("seat", memoryStorage());
    const { events } = start({ seats });
    const conn = await hub.connection();
    await conn.join();
    await until(() => seats.load() ?? undefined, "the seat stored");
    conn.send({ type: "session:removed" });
    conn.close(4001, "removed");
    await events.state("closed");
    expect(events.events.at(-1)).toEqual({ kind: "state", data: { state: "closed", reason: "removed" } });
    expect(seats.load()).toBeNull();
  });

  it("ends on 4000 (replaced) and on 1000 after session:ended; comes back after 1013", async () => {
    const replaced = start();
    const a = await hub.connection();
    await a.join();
    a.close(4000, "replaced");
    await replaced.events.state("closed");
    expect(replaced.events.events.at(-1)).toEqual({ kind: "state", data: { state: "closed", reason: "replaced" } });

    const ended = start();
    const b = await hub.connection();
    await b.join();
    b.send({ type: "session:ended" });
    b.close(1000, "session ended");
    await ended.events.state("closed");
    expect(ended.events.events.at(-1)).toEqual({ kind: "state", data: { state: "closed", reason: "ended" } });

    const busy = start();
    const c = await hub.connection();
    await c.join();
    c.close(1013, "slow consumer");
    const again = await hub.connection();
    expect(await again.next("student:join")).toMatchObject({ resume: "token-1" });
    expect(busy.client.closed).toBe(false);
  });
});

describe("sending", () => {
  it("queues, sends and settles a message by its ack", async () => {
    const { client, events } = start();
    const conn = await hub.connection();
    await conn.join();
    await events.state("connected");
    const id = client.send("Hello class!");
    expect(events.events.at(-1)).toEqual({ kind: "queued", data: { client_id: id, text: "Hello class!" } });
    expect(await conn.next("chat:message")).toEqual({ type: "chat:message", id, text: "Hello class!" });
    conn.send({ type: "chat:ack", id, seq: 1 });
    conn.send(message(1, { client_id: id, from: { id: "p_2", name: "Ada", role: "student" } }));
    await events.wait("message");
    expect(events.kinds().slice(-3)).toEqual(["queued", "acked", "message"]);
    expect(events.events.at(-2)).toEqual({ kind: "acked", data: { client_id: id, seq: 1 } });
    // The entry as the Rust client passes it on: without the frame's `type`.
    expect(events.events.at(-1)).toEqual({
      kind: "message",
      data: entry(1, { client_id: id, from: { id: "p_2", name: "Ada", role: "student" } }),
    });
  });

  it("resends unacked messages with the same ids after a drop, and resumes with last_seq", async () => {
    const { client, events } = start();
    const first = await hub.connection();
    await first.join({ history: [entry(1), entry(2)], last_seq: 2 });
    await events.state("connected");
    const a = client.send("one");
    const b = client.send("two");
    await first.next("chat:message");
    await first.next("chat:message");
    first.cut(); // Mid-flight: neither is acked.
    await events.state("reconnecting");
    const c = client.send("three, typed while offline");
    const second = await hub.connection();
    const join = await second.next("student:join");
    expect(join).toMatchObject({ resume: "token-1", last_seq: 2 });
    second.welcome({
      resume: "token-1",
      // The hub had stored "one" before the drop: it is in the history.
      history: [entry(3, { client_id: a, from: { id: "p_2", name: "Ada", role: "student" } })],
      last_seq: 3,
    });
    const resent = [await second.next("chat:message"), await second.next("chat:message")];
    expect(resent.map((f) => f.id)).toEqual([b, c]);
    second.send({ type: "chat:ack", id: b, seq: 4 });
    second.send(message(4, { client_id: b, from: { id: "p_2", name: "Ada", role: "student" } }));
    second.send({ type: "chat:ack", id: c, seq: 5 });
    second.send(message(5, { client_id: c, from: { id: "p_2", name: "Ada", role: "student" } }));
    await until(() => (events.messages().length === 5 ? true : undefined), "five messages");
    expect(events.messages()).toEqual([1, 2, 3, 4, 5]);
    expect(events.events.filter((e) => e.kind === "acked").map((e) => e.data)).toEqual([
      { client_id: b, seq: 4 },
      { client_id: c, seq: 5 },
    ]);
    // "one" was never resent: its own copy in the welcome settled it.
    expect(second.frames.filter((f) => f.type === "chat:message").map((f) => f.id)).toEqual([b, c]);
  });

  it("paces sending by the welcome's send_rate and send_burst", async () => {
    const { client, events } = start();
    const conn = await hub.connection();
    await conn.join({ limits: { ...SESSION_LIMITS, send_rate: 20, send_burst: 2 } });
    await events.state("connected");
    const ids = [client.send("1"), client.send("2"), client.send("3"), client.send("4")];
    const at: number[] = [];
    for (let n = 0; n < 4; n += 1) {
      await conn.next("chat:message");
      at.push(Date.now());
    }
    expect(conn.frames.filter((f) => f.type === "chat:message").map((f) => f.id)).toEqual(ids);
    // Two at once, then one every 50 ms.
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(80);
  });

  it("passes a refusal on with the message's id and never retries it", async () => {
    const { client, events } = start();
    const first = await hub.connection();
    await first.join();
    await events.state("connected");
    const id = client.send("hi");
    await first.next("chat:message");
    first.send({ type: "error", code: "muted", message: "You are muted.", ref: id });
    await events.wait("refused");
    expect(events.events.at(-1)).toEqual({
      kind: "refused",
      data: { client_id: id, code: "muted", message: "You are muted." },
    });
    first.cut();
    const second = await hub.connection();
    await second.join();
    await events.state("connected", 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(second.frames.filter((f) => f.type === "chat:message")).toEqual([]);
  });

  it("keeps poll answers and questions until acked, resending them with their ids", async () => {
    const { client, events } = start();
    const first = await hub.connection();
    await first.join();
    await events.state("connected");
    const answer = client.answerPoll("q_1", { choices: [1] });
    const question = client.ask("Is the test on Friday?");
    expect(events.kinds().slice(-2)).toEqual(["answerQueued", "questionQueued"]);
    expect(await first.next("poll:answer")).toEqual({ type: "poll:answer", poll: "q_1", id: answer, choices: [1] });
    expect(await first.next("question:ask")).toEqual({ type: "question:ask", id: question, text: "Is the test on Friday?" });
    first.cut();
    const second = await hub.connection();
    await second.join();
    expect((await second.next("poll:answer")).id).toBe(answer);
    expect((await second.next("question:ask")).id).toBe(question);
    second.send({ type: "poll:ack", poll: "q_1", id: answer });
    const asked = {
      id: "pq_k3v9x0a7m2qz5c1d",
      from: { id: "p_2", name: "Ada", role: "student" },
      text: "Is the test on Friday?",
      at: "2026-12-02T09:00:00.000Z",
      answers: [],
    };
    second.send({ type: "question:asked", question: asked, ref: question });
    // Someone else's question never reaches a student's UI.
    second.send({ type: "question:asked", question: { ...asked, id: "pq_other", from: { id: "p_3", name: "Bo", role: "student" } } });
    second.send({ type: "question:answered", question: "pq_other", answer: { text: "No.", at: "x" } });
    second.send({ type: "question:answered", question: asked.id, answer: { text: "Yes.", at: "x" } });
    await events.wait("questionAnswered");
    expect(events.kinds().slice(-3)).toEqual(["pollAnswered", "questionAsked", "questionAnswered"]);
    expect(events.events.at(-2)).toEqual({ kind: "questionAsked", data: { question: asked, client_id: question } });
    // Settled: a third connection resends nothing.
    second.cut();
    const third = await hub.connection();
    await third.join();
    await events.state("connected", 3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(third.frames.map((f) => f.type)).toEqual(["student:join"]);
  });
});

describe("in-order delivery", () => {
  it("drops duplicates and reorders what arrives out of order", async () => {
    const { events } = start();
    const conn = await hub.connection();
    await conn.join({ history: [entry(1)], last_seq: 1 });
    for (const seq of [3, 2, 2, 1, 3, 4]) conn.send(message(seq));
    await until(() => (events.messages().length === 4 ? true : undefined), "four messages");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.messages()).toEqual([1, 2, 3, 4]);
  });

  it("fills a gap with history:fetch and delivers past it once", async () => {
    const { events } = start();
    const conn = await hub.connection();
    await conn.join({ history: [entry(1), entry(2)], last_seq: 2 });
    conn.send(message(6));
    expect(await conn.next("history:fetch")).toEqual({ type: "history:fetch", before: 6 });
    conn.send(message(7));
    // The page comes, overlapping a live entry; written straight back, out of order.
    conn.send({ type: "history", messages: [entry(3), entry(4), entry(5)], first_seq: 1 });
    conn.send(message(5));
    await until(() => (events.messages().length === 7 ? true : undefined), "seven messages");
    expect(events.messages()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("fetches what the welcome left out when resuming far behind", async () => {
    const { events } = start();
    const first = await hub.connection();
    await first.join({ history: [entry(1), entry(2), entry(3)], last_seq: 3 });
    await until(() => (events.messages().length === 3 ? true : undefined), "three messages");
    first.cut();
    const second = await hub.connection();
    expect(await second.next("student:join")).toMatchObject({ last_seq: 3 });
    // The welcome carries only the newest entries: 7 and 8 of 8.
    second.welcome({ history: [entry(7), entry(8)], last_seq: 8 });
    expect(await second.next("history:fetch")).toEqual({ type: "history:fetch", before: 7 });
    second.send({ type: "history", messages: [entry(4), entry(5), entry(6)], first_seq: 1 });
    await until(() => (events.messages().length === 8 ? true : undefined), "eight messages");
    expect(events.messages()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("says which entries a hub no longer holds", async () => {
    const { events } = start({ backfill: "everything" });
    const conn = await hub.connection();
    await conn.join({ history: [entry(20)], last_seq: 20 });
    expect(await conn.next("history:fetch")).toEqual({ type: "history:fetch", before: 20 });
    conn.send({ type: "history", messages: [entry(18), entry(19)], first_seq: 18 });
    await until(() => (events.messages().length === 3 ? true : undefined), "three messages");
    expect(events.events.find((e) => e.kind === "gap")).toEqual({ kind: "gap", data: { from: 1, to: 17 } });
    expect(events.messages()).toEqual([18, 19, 20]);
  });

  it("loads earlier pages on request, as earlier events, never as messages", async () => {
    const { client, events } = start();
    const conn = await hub.connection();
    await conn.join({ history: [entry(101), entry(102)], last_seq: 102 });
    await events.state("connected");
    client.loadEarlier();
    client.loadEarlier(); // Asking again meanwhile does nothing.
    expect(await conn.next("history:fetch")).toEqual({ type: "history:fetch", before: 101 });
    conn.send({ type: "history", messages: [entry(99), entry(100)], first_seq: 99 });
    const earlier = await events.wait("earlier");
    expect(earlier.data).toEqual({ messages: [entry(99), entry(100)], complete: true });
    expect(events.kinds().filter((k) => k === "loadingEarlier")).toHaveLength(1);
    expect(events.messages()).toEqual([101, 102]);
  });
});

describe("bounds and filters", () => {
  it("keeps the roster within maxParticipants and ignores typing and hands of unknown or own ids", async () => {
    const { events } = start({ maxParticipants: 3 });
    const conn = await hub.connection();
    await conn.join();
    conn.send({ type: "participant:joined", participant: { id: "p_4", name: "Cy", role: "student", online: true } });
    conn.send({ type: "typing", from: "p_4", active: true });
    conn.send({ type: "typing", from: "p_2", active: true });
    conn.send({ type: "hand:raised", id: "p_4", at: "x" });
    conn.send({ type: "participant:left", id: "p_3", reason: "removed" });
    conn.send({ type: "participants:joined", participants: [{ id: "p_4", name: "Cy", role: "student" }] });
    conn.send({ type: "typing", from: "p_4", active: true });
    conn.send({ type: "typing", from: "p_3", active: false });
    await events.wait("typing");
    expect(events.kinds().slice(-3)).toEqual(["participantLeft", "participant", "typing"]);
    expect(events.events.at(-1)).toEqual({ kind: "typing", data: { from: "p_4", active: true } });
  });

  it("passes class activity on as the Rust client's events", async () => {
    const { events } = start();
    const conn = await hub.connection();
    await conn.join({ history: [entry(1)], last_seq: 1 });
    await events.wait("message");
    const from = events.events.length;
    const poll = { id: "q_1", question: "Ready?", kind: "single", options: ["Yes", "No"], quiz: false, anonymous: false, changes: false, opened_at: "x" };
    const results = { poll: "q_1", answered: 1, students: 2, counts: [1, 0], texts: [], correct: [] };
    const frames = [
      { type: "participants:page", participants: [{ id: "p_4", name: "Cy", role: "student", online: false }] },
      { type: "participant:updated", participant: { id: "p_3", name: "Bea", role: "student", online: true } },
      { type: "poll:opened", poll },
      { type: "poll:closed", poll: "q_1", by: "timer" },
      { type: "poll:revealed", results },
      { type: "hand:raised", id: "p_3", at: "x" },
      { type: "hand:lowered", id: "p_3", by: "teacher" },
      { type: "hands:cleared" },
      { type: "participant:muted", id: "p_2", muted: true },
      { type: "room:rules", locked: true, slow_seconds: 30, name_filter: false, reactions_off: false, questions_off: false },
      { type: "chat:deleted", seq: 1, by: "teacher" },
      { type: "chat:pinned", message: entry(1) },
      { type: "chat:unpinned" },
      { type: "reaction:changed", seq: 1, emoji: "👍", by: "p_3", on: true, count: 1 },
      // A reaction on a message not sent yet is not passed on.
      { type: "reaction:changed", seq: 9, emoji: "👍", by: "p_3", on: true, count: 1 },
      { type: "participants:left", participants: [{ id: "p_4", reason: "timeout" }, { id: "p_9", reason: "left" }] },
    ];
    for (const frame of frames) conn.send(frame);
    await events.wait("participantLeft");
    expect(events.events.slice(from)).toEqual([
      { kind: "participant", data: { id: "p_4", name: "Cy", role: "student", online: false } },
      { kind: "participant", data: { id: "p_3", name: "Bea", role: "student", online: true } },
      { kind: "pollOpened", data: poll },
      { kind: "pollClosed", data: { poll: "q_1", by: "timer" } },
      { kind: "pollRevealed", data: results },
      { kind: "handRaised", data: { id: "p_3", at: "x" } },
      { kind: "handLowered", data: { id: "p_3", by: "teacher" } },
      { kind: "handsCleared" },
      { kind: "muted", data: { id: "p_2", muted: true } },
      {
        kind: "rules",
        data: { locked: true, slow_seconds: 30, name_filter: false, reactions_off: false, questions_off: false },
      },
      { kind: "messageDeleted", data: { seq: 1, by: "teacher" } },
      { kind: "pinned", data: entry(1) },
      { kind: "pinned", data: null },
      { kind: "reactionChanged", data: { seq: 1, emoji: "👍", by: "p_3", on: true, count: 1 } },
      { kind: "participantLeft", data: { id: "p_4", reason: "timeout" } },
    ]);
  });

  it("skips frames it cannot read and keeps going", async () => {
    const { events } = start();
    const conn = await hub.connection();
    await conn.join();
    conn.socket.send("not json");
    conn.send({ type: "chat:message", seq: "one" });
    conn.send({ type: "something:new" });
    conn.send(message(1));
    await events.wait("message");
    expect(events.messages()).toEqual([1]);
  });
});

describe("liveness without pings", () => {
  it("probes a quiet hub, and reconnects when the probe is not answered", async () => {
    const { events } = start({ idleProbeMs: 60, replyTimeoutMs: 120 });
    const first = await hub.connection();
    await first.join();
    // The hub is alive: it answers the probe, and the connection stays.
    const probe = await first.next("history:fetch");
    expect(probe).toEqual({ type: "history:fetch", before: 1, limit: 1 });
    first.send({ type: "history", messages: [], first_seq: 1 });
    await first.next("history:fetch"); // The next probe, after more quiet.
    expect(hub.connections).toHaveLength(1);
    // Now the hub goes silent (a vanished laptop): nothing closes the socket.
    const second = await hub.connection(2000);
    expect(await second.next("student:join")).toMatchObject({ resume: "token-1" });
    expect(events.kinds()).toContain("state:reconnecting");
  });

  it("reconnects when a sent message is never answered, and resends it", async () => {
    const { client } = start({ idleProbeMs: 10_000, replyTimeoutMs: 100 });
    const first = await hub.connection();
    await first.join();
    const id = client.send("anyone there?");
    await first.next("chat:message");
    const second = await hub.connection(2000);
    await second.join();
    expect((await second.next("chat:message")).id).toBe(id);
  });

  it("counts any frame as a sign of life while an answer is owed", async () => {
    const { client } = start({ idleProbeMs: 10_000, replyTimeoutMs: 300 });
    const conn = await hub.connection();
    await conn.join();
    client.send("slow to store");
    await conn.next("chat:message");
    for (let n = 0; n < 8; n += 1) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      conn.send({ type: "typing", from: "p_3", active: n % 2 === 0 });
    }
    expect(hub.connections).toHaveLength(1);
  });

  it("nudge ends a backoff at once", async () => {
    const { client, events } = start({ backoffInitialMs: 60_000, backoffMaxMs: 60_000 });
    const first = await hub.connection();
    await first.join();
    await events.state("connected");
    first.cut();
    await until(() => (first.closed ? true : undefined), "the cut");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.connections).toHaveLength(1);
    client.nudge();
    const second = await hub.connection();
    await second.next("student:join");
  });
});

describe("reconnecting", () => {
  it("backs off exponentially with jitter, up to the maximum", () => {
    expect(backoffMs(250, 10_000, 1, 0)).toBe(125);
    expect(backoffMs(250, 10_000, 1, 1)).toBe(250);
    expect(backoffMs(250, 10_000, 3, 1)).toBe(1000);
    expect(backoffMs(250, 10_000, 10, 0.5)).toBe(7500);
    expect(backoffMs(250, 10_000, 100, 1)).toBe(10_000);
  });

  it("counts attempts while the hub is unreachable, then resumes", async () => {
    const { events } = start({ backoffInitialMs: 5, backoffMaxMs: 20 });
    const first = await hub.connection();
    await first.join();
    const port = Number(new URL(hub.url).port);
    await hub.stop();
    await events.state("reconnecting", 3, 5000);
    const attempts = events.events.flatMap((e) =>
      e.kind === "state" && e.data.state === "reconnecting" ? [e.data.attempt] : [],
    );
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    hub = await ScriptedHub.startOn(port);
    const again = await hub.connection(5000);
    expect(await again.next("student:join")).toMatchObject({ resume: "token-1" });
  });
});

describe("connecting", () => {
  it("gives up on a hub that never finishes the handshake, and tries again", async () => {
    // A TCP listener that takes connections and never answers (a hub hung mid-upgrade).
    const held: Socket[] = [];
    const silent = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const address = silent.address() as AddressInfo;
    try {
      const { events } = start({ url: `ws://127.0.0.1:${address.port}/ws`, connectTimeoutMs: 50 });
      await events.state("reconnecting", 2);
      expect(held.length).toBeGreaterThanOrEqual(2);
      expect(events.events.filter((e) => e.kind === "state").slice(0, 3)).toEqual([
        { kind: "state", data: { state: "connecting" } },
        { kind: "state", data: { state: "reconnecting", attempt: 1 } },
        { kind: "state", data: { state: "reconnecting", attempt: 2 } },
      ]);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("gives up on a hub that upgrades but never welcomes", async () => {
    const { events } = start({ connectTimeoutMs: 80 });
    const first = await hub.connection();
    await first.next("student:join");
    const second = await hub.connection();
    await second.next("student:join");
    expect(events.kinds()).toEqual(["state:connecting", "state:reconnecting"]);
  });
});

describe("a page reload", () => {
  it("comes back in the same seat from storage, resending what was not acked with its ids", async () => {
    const storage = memoryStorage();
    const seats = () => new SeatStore("seat", storage);
    const before = start({ seats: seats() });
    const first = await hub.connection();
    await first.join({ history: [entry(1), entry(2)], last_seq: 2 });
    await before.events.state("connected");
    const id = before.client.send("sent just before the reload");
    const answer = before.client.answerPoll("q_1", { text: "42" });
    await first.next("chat:message");
    // The page goes away: its client is gone without a word.
    first.cut();
    before.client.leave();

    const after = start({ seats: seats() });
    expect(after.events.kinds().slice(0, 3)).toEqual(["state:connecting", "queued", "answerQueued"]);
    expect(after.events.events[1]).toEqual({
      kind: "queued",
      data: { client_id: id, text: "sent just before the reload" },
    });
    const second = await hub.connection();
    expect(await second.next("student:join")).toMatchObject({ resume: "token-1", last_seq: 2 });
    second.welcome({ history: [entry(3)], last_seq: 3 });
    expect((await second.next("poll:answer")).id).toBe(answer);
    // The page before is asked for at once: a reloaded page shows what was
    // said before it went away, not only what it missed.
    expect(await second.next("history:fetch")).toEqual({ type: "history:fetch", before: 3 });
    expect((await second.next("chat:message")).id).toBe(id);
    await after.events.wait("message");
    expect(after.events.messages()).toEqual([3]);
  });
});
