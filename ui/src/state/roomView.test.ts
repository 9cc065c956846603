import { describe, expect, it } from "vitest";
import type { AppEvent } from "../api";
import { HAND_AT, ada, bo, cy, ev, hand, inClassAs, participant, run, teacher } from "../test/fixtures";
import { say } from "../test/i18n";
import { type ClassroomState, reducer } from "./classroom";
import { composerRules, handQueue, handToggle, raisedHandCount, roomActionsEnabled, roomRules, roomTickMs, studentRoomNotices } from "./roomView";
import { participantList } from "./view";

/** Applies events stamped with `now`. */
const at = (s: ClassroomState, now: number, ...events: AppEvent[]) =>
  events.reduce<ClassroomState>((acc, event) => reducer(acc, { type: "event", event, now }), s);

/** The composer's rules, worded in English. */
function rules(s: ClassroomState, now = 0) {
  const { blocked, rule, wait } = composerRules(s, now);
  return { blocked: say(blocked), rule: say(rule), wait: say(wait) };
}

const none = { blocked: null, rule: null, wait: null };

describe("a student's message box under the chat's rules", () => {
  it("is free with no rule on", () => {
    expect(rules(run(inClassAs(), ev.room()))).toEqual(none);
  });

  it("is blocked for a muted student, who is told so", () => {
    const s = run(inClassAs(), ev.room({ muted: ["p_2"] }));
    expect(rules(s)).toEqual({ blocked: "The teacher has muted you", rule: null, wait: null });
    expect(studentRoomNotices(s).map(say)).toEqual([
      "The teacher has muted you",
      "You can still read the chat, answer polls, raise your hand and ask the teacher privately.",
    ]);
  });

  it("leaves asking privately out of what is still possible while questions are off", () => {
    const s = run(inClassAs(), ev.rules(true, 0, false, false, true));
    expect(studentRoomNotices(s).map(say)).toEqual([
      "The teacher has locked the chat",
      "You can still read the chat, answer polls and raise your hand.",
    ]);
  });

  it("is blocked while the chat is locked", () => {
    const s = run(inClassAs(), ev.rules(true, 10));
    expect(rules(s)).toEqual({ blocked: "The teacher has locked the chat", rule: null, wait: null });
    expect(studentRoomNotices(s).map(say)[0]).toBe("The teacher has locked the chat");
  });

  it("says muted before locked: unlocking would not let this student post", () => {
    expect(rules(run(inClassAs(), ev.rules(true), ev.muted("p_2"))).blocked).toBe("The teacher has muted you");
  });

  it("says slow mode's interval, and after a message counts down until the next may go", () => {
    let s = run(inClassAs(), ev.rules(false, 10));
    expect(rules(s, 0)).toEqual({ blocked: null, rule: "Slow mode: one message every 10 s", wait: null });
    expect(studentRoomNotices(s).map(say)).toEqual(["Slow mode: one message every 10 s"]);
    s = at(s, 20_000, ev.queued("c1", "hi"));
    expect(rules(s, 20_000).wait).toBe("You can send again once your message has gone out.");
    s = at(s, 21_000, ev.acked("c1", 1));
    expect(rules(s, 21_000).wait).toBe("You can send again in 10 s");
    expect(rules(s, 24_500).wait).toBe("You can send again in 7 s");
    expect(rules(s, 30_999).wait).toBe("You can send again in 1 s");
    expect(rules(s, 31_000).wait).toBeNull();
  });

  it("leaves the teacher free of every rule", () => {
    const s = at(run(inClassAs(teacher), ev.rules(true, 60), ev.muted("p_2")), 5_000, ev.queued("c1", "hi"), ev.acked("c1", 1));
    expect(rules(s, 5_000)).toEqual(none);
    expect(studentRoomNotices(s)).toEqual([]);
    expect(roomTickMs(s, 5_000)).toBeNull();
  });
});

describe("the student's hand toggle", () => {
  it("shows the hand up once the hub says so, and is off while not connected", () => {
    let s = inClassAs();
    expect(handToggle(s)).toEqual({ raised: false, disabled: false });
    s = run(s, ev.handRaised("p_2"));
    expect(handToggle(s)).toEqual({ raised: true, disabled: false });
    expect(handToggle(run(s, ev.reconnecting(1)))).toEqual({ raised: true, disabled: true });
    expect(handToggle(run(s, ev.closed("ended")))?.disabled).toBe(true);
  });

  it("is not the teacher's", () => {
    expect(handToggle(inClassAs(teacher))).toBeNull();
  });
});

describe("the teacher's queue of raised hands", () => {
  it("lists hands in the order they went up, with names and how long each has waited", () => {
    const s = run(inClassAs(teacher), ev.participant(participant(cy)), ev.room({ hands: [hand("p_4"), hand("p_2", 2)] }), ev.handRaised("p_3", hand("p_3", 3).at));
    const now = Date.parse(HAND_AT) + 4 * 60_000 + 30_000;
    expect(handQueue(s, now).map((h) => ({ ...h, waited: say(h.waited) }))).toEqual([
      { id: "p_4", name: cy.name, waited: "4 min" },
      { id: "p_2", name: ada.name, waited: "2 min" },
      { id: "p_3", name: bo.name, waited: "1 min" },
    ]);
    expect(say(handQueue(s, Date.parse(HAND_AT) + 59_000)[0]?.waited)).toBe("just now");
    // A clock behind the hub's never makes a negative wait.
    expect(say(handQueue(s, Date.parse(HAND_AT) - 60_000)[0]?.waited)).toBe("just now");
    expect(raisedHandCount(s)).toBe(3);
  });

  it("is the teacher's only; students see hands on the list of people", () => {
    const s = run(inClassAs(), ev.handRaised("p_3"));
    expect(handQueue(s, 0)).toEqual([]);
    expect(raisedHandCount(s)).toBe(0);
    const people = participantList(s);
    expect(people.find((p) => p.id === "p_3")).toMatchObject({ hand: true, mutable: false, removable: false });
    expect(people.find((p) => p.id === "p_2")).toMatchObject({ hand: false });
  });

  it("ticks while hands wait, so their waits grow", () => {
    const s = run(inClassAs(teacher), ev.handRaised("p_2"));
    expect(roomTickMs(s, 0)).not.toBeNull();
    expect(roomTickMs(run(s, ev.handsCleared()), 0)).toBeNull();
  });
});

describe("the teacher's controls", () => {
  it("marks who is muted and lets the teacher mute any student", () => {
    const people = participantList(run(inClassAs(teacher), ev.muted("p_3")));
    expect(people.map((p) => [p.name, p.muted, p.mutable])).toEqual([
      [teacher.name, false, false],
      [ada.name, false, true],
      [bo.name, true, true],
    ]);
  });

  it("shows the rules as they are, and no control while not connected", () => {
    const s = run(inClassAs(teacher), ev.rules(true, 30));
    expect(roomRules(s)).toEqual({ locked: true, slowSeconds: 30, nameFilter: false, reactions: true, disabled: false });
    expect(roomActionsEnabled(s)).toBe(true);
    const away = run(s, ev.reconnecting(2));
    expect(roomRules(away)?.disabled).toBe(true);
    expect(roomActionsEnabled(away)).toBe(false);
    expect(roomRules(inClassAs())).toBeNull();
  });

  it("shows reactions as allowed unless the rules turn them off", () => {
    expect(roomRules(run(inClassAs(teacher), ev.room()))?.reactions).toBe(true);
    expect(roomRules(run(inClassAs(teacher), ev.room({ reactionsOff: true })))?.reactions).toBe(false);
    expect(roomRules(run(inClassAs(teacher), ev.room({ reactionsOff: true }), ev.rules(false, 0, false, false)))?.reactions).toBe(true);
  });
});

describe("the clock for slow mode", () => {
  it("ticks every second during the countdown, and stops after", () => {
    const s = at(run(inClassAs(), ev.rules(false, 5)), 10_000, ev.queued("c1", "hi"), ev.acked("c1", 1));
    expect(roomTickMs(s, 10_000)).toBe(1_000);
    expect(roomTickMs(s, 15_000)).toBeNull();
  });
});
