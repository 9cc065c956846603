import { describe, expect, it } from "vitest";
import type { AppEvent } from "../api";
import { ada, bo, cy, ev, hand, inClassAs, participant, run, teacher } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import { type ClassroomState, reducer } from "./classroom";
import { initialRoom, slowModeWait } from "./room";

const es = sayIn("es");

/** The hands' ids, in queue order. */
const queue = (s: ClassroomState) => s.room.hands.map((h) => h.id);
const muted = (s: ClassroomState) => [...s.room.muted].sort();
const heard = (s: ClassroomState) => say(s.room.announcement);

describe("the room a (re)join finds", () => {
  it("replaces what was shown: rules, hands in their order, the muted", () => {
    let s = run(inClassAs(teacher), ev.handRaised("p_2"), ev.muted("p_3"), ev.rules(true, 10));
    s = run(s, ev.room({ slow: 30, hands: [hand("p_3"), hand("p_2", 1)], muted: ["p_2"] }));
    expect(s.room.rules).toEqual({ locked: false, slow_seconds: 30 });
    expect(queue(s)).toEqual(["p_3", "p_2"]);
    expect(muted(s)).toEqual(["p_2"]);
    // A snapshot is not news.
    expect(s.room.announcement).toBeNull();

    s = run(s, ev.room());
    expect(s.room.rules).toEqual({ locked: false, slow_seconds: 0 });
    expect(queue(s)).toEqual([]);
    expect(muted(s)).toEqual([]);
  });

  it("forgets the old class's room on a new session's welcome, and everything on leaving", () => {
    let s = run(inClassAs(), ev.room({ locked: true, hands: [hand("p_2")], muted: ["p_2"] }), ev.queued("c1", "hi"), ev.acked("c1", 1));
    expect(s.room.lastSent).toBe(1_000);
    const sameSession = run(s, ev.welcome(ada, "s1"));
    expect(queue(sameSession)).toEqual(["p_2"]);
    expect(sameSession.room.lastSent).toBe(1_000);
    s = run(s, ev.welcome(ada, "s2"));
    expect(s.room).toEqual(initialRoom);
    s = run(inClassAs(), ev.room({ locked: true, hands: [hand("p_2")] }));
    expect(reducer(s, { type: "reset" }).room).toEqual(initialRoom);
  });
});

describe("hands", () => {
  it("queues hands in the order they went up, each once", () => {
    const s = run(inClassAs(teacher), ev.handRaised("p_3"), ev.handRaised("p_2", hand("p_2", 1).at), ev.handRaised("p_3"));
    expect(s.room.hands).toEqual([hand("p_3"), hand("p_2", 1)]);
  });

  it("takes a lowered hand out of the queue, wherever it was", () => {
    let s = run(inClassAs(teacher), ev.participant(participant(cy)), ev.handRaised("p_2"), ev.handRaised("p_3"), ev.handRaised("p_4"));
    s = run(s, ev.handLowered("p_3", "teacher"));
    expect(queue(s)).toEqual(["p_2", "p_4"]);
    // A hand already down changes nothing.
    expect(run(s, ev.handLowered("p_3")).room).toBe(s.room);
  });

  it("lowers every hand at once", () => {
    const s = run(inClassAs(teacher), ev.handRaised("p_2"), ev.handRaised("p_3"), ev.handsCleared());
    expect(queue(s)).toEqual([]);
  });

  it("drops the hand of a student who was removed, not of one who left or timed out", () => {
    let s = run(inClassAs(teacher), ev.handRaised("p_2"), ev.handRaised("p_3"), ev.muted("p_2"));
    s = run(s, ev.left("p_3", "timeout"));
    expect(queue(s)).toEqual(["p_2", "p_3"]);
    s = run(s, ev.left("p_2", "removed"));
    expect(queue(s)).toEqual(["p_3"]);
    expect(muted(s)).toEqual([]);
  });

  it("tells the student of their own hand, and not of others'", () => {
    let s = run(inClassAs(), ev.handRaised("p_2"));
    expect(heard(s)).toBe("Your hand is raised");
    expect(es(s.room.announcement)).toBe("Levantaste la mano");
    s = run(s, ev.handRaised("p_3"));
    expect(heard(s)).toBe("Your hand is raised");
    expect(heard(run(s, ev.handLowered("p_2")))).toBe("Your hand is lowered");
    expect(heard(run(s, ev.handLowered("p_2", "teacher")))).toBe("The teacher lowered your hand");
    expect(heard(run(s, ev.handsCleared()))).toBe("The teacher lowered your hand");
  });

  it("tells the teacher whose hand went up or down", () => {
    let s = run(inClassAs(teacher), ev.handRaised("p_3"));
    expect(heard(s)).toBe("Bo raised their hand");
    s = run(s, ev.handLowered("p_3"));
    expect(heard(s)).toBe("Bo lowered their hand");
    s = run(s, ev.handRaised("p_2"), ev.handLowered("p_2", "teacher"));
    expect(heard(s)).toBe("You lowered Ada's hand");
    s = run(s, ev.handRaised("p_2"), ev.handsCleared());
    expect(heard(s)).toBe("All hands are lowered");
  });
});

describe("muted students", () => {
  it("keeps the teacher's list of who is muted", () => {
    let s = run(inClassAs(teacher), ev.muted("p_2"), ev.muted("p_3"));
    expect(muted(s)).toEqual(["p_2", "p_3"]);
    expect(heard(s)).toBe("Bo is muted");
    s = run(s, ev.muted("p_2", false));
    expect(muted(s)).toEqual(["p_3"]);
    expect(heard(s)).toBe("Ada can post again");
  });

  it("tells a student they were muted and unmuted", () => {
    let s = run(inClassAs(), ev.muted("p_2"));
    expect(muted(s)).toEqual(["p_2"]);
    expect(heard(s)).toBe("The teacher has muted you. You can still read the chat, answer polls and raise your hand.");
    s = run(s, ev.muted("p_2", false));
    expect(muted(s)).toEqual([]);
    expect(heard(s)).toBe("The teacher has unmuted you. You can post again.");
  });
});

describe("the chat's rules", () => {
  it("takes the new rules and says what changed", () => {
    let s = run(inClassAs(), ev.rules(true));
    expect(s.room.rules).toEqual({ locked: true, slow_seconds: 0 });
    expect(heard(s)).toBe("The chat is locked: only the teacher can post");
    s = run(s, ev.rules(false));
    expect(heard(s)).toBe("The chat is open again: everyone can post");
    s = run(s, ev.rules(false, 30));
    expect(s.room.rules.slow_seconds).toBe(30);
    expect(heard(s)).toBe("Slow mode: one message every 30 s");
    expect(es(s.room.announcement)).toBe("Modo lento: un mensaje cada 30 s");
    s = run(s, ev.rules(false, 0));
    expect(heard(s)).toBe("Slow mode is off");
  });
});

describe("slow mode's wait", () => {
  /** Applies events stamped with `now`. */
  const at = (now: number, ...events: AppEvent[]) => (s: ClassroomState) =>
    events.reduce<ClassroomState>((acc, event) => reducer(acc, { type: "event", event, now }), s);

  it("counts from the hub taking this student's message, in whole seconds", () => {
    const s = at(50_000, ev.queued("c1", "hi"), ev.acked("c1", 1))(run(inClassAs(), ev.rules(false, 10)));
    expect(s.room.lastSent).toBe(50_000);
    expect(slowModeWait(s.room, 50_000)).toBe(10);
    expect(slowModeWait(s.room, 54_100)).toBe(6);
    expect(slowModeWait(s.room, 59_999)).toBe(1);
    expect(slowModeWait(s.room, 60_000)).toBe(0);
    // A clock that has not ticked since waits the interval, not more.
    expect(slowModeWait(s.room, 1_000)).toBe(10);
  });

  it("counts from the message's own copy when no ack came first", () => {
    const s = at(70_000, ev.queued("c1", "hi"))(run(inClassAs(), ev.rules(false, 5)));
    const copied = at(72_000, { kind: "message", data: { seq: 1, id: "m_1", client_id: "c1", from: ada, text: "hi", ts: "2026-12-02T09:00:00Z" } })(s);
    expect(copied.room.lastSent).toBe(72_000);
    expect(slowModeWait(copied.room, 74_000)).toBe(3);
  });

  it("does not wait with slow mode off, or before any message", () => {
    const off = at(50_000, ev.queued("c1", "hi"), ev.acked("c1", 1))(inClassAs());
    expect(slowModeWait(off.room, 50_000)).toBe(0);
    expect(slowModeWait(run(inClassAs(), ev.rules(false, 10)).room, 0)).toBe(0);
  });
});

describe("refused messages under the room's rules", () => {
  const reason = (s: ClassroomState, locale: "en" | "es" = "en") => {
    const line = s.timeline.at(-1);
    return line?.kind === "refused" ? sayIn(locale)(line.reason) : null;
  };

  it.each([
    ["muted", "The teacher has muted you: you cannot post for now.", "El docente te silenció: por ahora no puedes escribir."],
    ["chat_locked", "The teacher has locked the chat: only the teacher can post.", "El docente bloqueó el chat: solo el docente puede escribir."],
    ["slow_mode", "Slow mode is on: wait a moment before sending again.", "El modo lento está activado: espera un momento antes de volver a enviar."],
  ] as const)("shows %s as a message not sent, in English and Spanish", (code, english, spanish) => {
    const s = run(inClassAs(), ev.queued("c1", "hi"), ev.refused("c1", code, "English from the hub"));
    expect(s.pending).toEqual([]);
    expect(s.timeline).toEqual([expect.objectContaining({ kind: "refused", text: "hi", code })]);
    expect(reason(s)).toBe(english);
    expect(reason(s, "es")).toBe(spanish);
  });

  it("says slow mode's interval when it is known", () => {
    const s = run(inClassAs(), ev.rules(false, 10), ev.queued("c1", "hi"), ev.refused("c1", "slow_mode", "Slow mode is on: you can post again in 4 s."));
    expect(reason(s)).toBe("Slow mode is on: one message every 10 s. Wait a moment before sending again.");
    expect(reason(s, "es")).toBe("El modo lento está activado: un mensaje cada 10 s. Espera un momento antes de volver a enviar.");
  });

  it("shows a refused setting as a notice", () => {
    const s = run(inClassAs(teacher), ev.refused(null, "invalid_setting", "Slow mode is 0 (off), 5, 10, 30 or 60 seconds, not 7."));
    expect(say(s.notice)).toBe("The class did not accept that setting.");
    expect(es(s.notice)).toBe("La clase no aceptó ese ajuste.");
  });
});

describe("every room event", () => {
  it.each([
    ev.room(),
    ev.handRaised("p_2"),
    ev.handLowered("p_2"),
    ev.handsCleared(),
    ev.muted("p_2"),
    ev.rules(true, 5),
  ])("leaves a whole state behind: %j", (event) => {
    const s = run(inClassAs(bo), event);
    expect(s.phase).toBe("inClass");
    expect(s.participants).toHaveLength(3);
    expect(s.room.rules).toBeDefined();
  });
});
