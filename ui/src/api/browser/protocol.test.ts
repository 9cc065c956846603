import { describe, expect, it } from "vitest";
import { parseServerFrame } from "./protocol";
import { entry } from "./testing";

describe("parseServerFrame", () => {
  it("reads the catalogue's examples", () => {
    expect(parseServerFrame(JSON.stringify({ type: "chat:message", ...entry(1) }))).toEqual({
      type: "chat:message",
      entry: entry(1),
    });
    expect(parseServerFrame('{"type":"chat:ack","id":"c-1","seq":1}')).toEqual({ type: "chat:ack", id: "c-1", seq: 1 });
    expect(parseServerFrame('{"type":"error","code":"rate_limited","message":"Wait.","ref":"c-12"}')).toEqual({
      type: "error",
      code: "rate_limited",
      message: "Wait.",
      ref: "c-12",
    });
    expect(
      parseServerFrame('{"type":"participants:joined","participants":[{"id":"p_4","name":"Cy","role":"student"}]}'),
    ).toEqual({ type: "participants:joined", participants: [{ id: "p_4", name: "Cy", role: "student" }] });
    expect(parseServerFrame('{"type":"hand:raised","id":"p_3","at":"2026-12-02T09:00:00.000Z"}')).toEqual({
      type: "hand:raised",
      hand: { id: "p_3", at: "2026-12-02T09:00:00.000Z" },
    });
    expect(
      parseServerFrame('{"type":"room:rules","locked":true,"slow_seconds":30,"name_filter":false}'),
    ).toEqual({ type: "room:rules", rules: { locked: true, slow_seconds: 30, name_filter: false } });
    expect(parseServerFrame('{"type":"reaction:changed","seq":12,"emoji":"👍","by":"p_3","on":true,"count":4}')).toEqual(
      { type: "reaction:changed", change: { seq: 12, emoji: "👍", by: "p_3", on: true, count: 4 } },
    );
    expect(parseServerFrame('{"type":"session:ended"}')).toEqual({ type: "session:ended" });
  });

  it("fills in what an older hub's welcome leaves out", () => {
    const frame = parseServerFrame(
      JSON.stringify({
        type: "session:welcome",
        you: { id: "p_2", name: "Ada", role: "student" },
        resume: "t",
        session: { id: "s", class: "C", teacher: "T", started_at: "2026-11-25T22:07:11.88Z" },
        participants: [{ id: "p_2", name: "Ada", role: "student", online: true }],
        history: [],
        last_seq: 0,
        limits: { max_text_chars: 2000, send_rate: 5, send_burst: 10 },
      }),
    );
    expect(frame?.type).toBe("session:welcome");
    if (frame?.type !== "session:welcome") return;
    expect(frame.welcome.limits.hand_burst).toBe(4);
    expect(frame.welcome.polls).toEqual([]);
    expect(frame.welcome.questions).toEqual({ list: [], earlier: 0 });
    expect(frame.welcome.room.hands).toEqual([]);
    expect(frame.welcome.held_reactions).toBeUndefined();
  });

  it("skips what it cannot use instead of half-applying it", () => {
    for (const text of [
      "not json",
      "[]",
      '{"no":"type"}',
      '{"type":"something:new","x":1}',
      '{"type":"chat:ack","id":"c-1"}',
      '{"type":"chat:ack","id":"c-1","seq":-1}',
      '{"type":"chat:ack","id":"c-1","seq":"1"}',
      JSON.stringify({ type: "chat:message", ...entry(1), seq: 1.5 }),
      JSON.stringify({ type: "chat:message", ...entry(1), from: { id: "p_1" } }),
      '{"type":"participant:left","id":"p_3","reason":"bored"}',
      '{"type":"history","messages":[{"seq":1}],"first_seq":1}',
      '{"type":"typing","from":"p_2","active":"yes"}',
    ]) {
      expect(parseServerFrame(text), text).toBeNull();
    }
  });
});
