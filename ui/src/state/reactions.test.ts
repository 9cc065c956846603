import { describe, expect, it } from "vitest";
import type { AppEvent } from "../api";
import { HEART, ada, bo, entries, entry, ev, inClassAs, reacted, removed, run, teacher } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import { type ClassroomState, initialState, reducer, refusalText } from "./classroom";
import { REACTIONS, initialReactions } from "./reactions";

/** A message's counts as the state has them, without the reactions at 0. */
function countsOf(state: ClassroomState, seq: number): Record<string, number> {
  return Object.fromEntries(Object.entries(state.reactions.counts.get(seq) ?? {}).filter(([, n]) => n > 0));
}

/** This user's own reactions on a message. */
function mineOn(state: ClassroomState, seq: number): string[] {
  return [...(state.reactions.mine.get(seq) ?? [])];
}

describe("the fixed set", () => {
  it("is the hub's six, in its order, the heart with its variation selector", () => {
    expect(REACTIONS).toEqual(["👍", "❤️", "😂", "😮", "❓", "✅"]);
    expect(REACTIONS[1]).toBe(HEART);
    // A heart without the selector is another string, which the hub refuses.
    expect(REACTIONS).not.toContain("\u2764");
    expect(REACTIONS.map((r) => [...r].map((c) => c.codePointAt(0)?.toString(16)).join(" "))).toEqual([
      "1f44d",
      "2764 fe0f",
      "1f602",
      "1f62e",
      "2753",
      "2705",
    ]);
  });
});

describe("the events", () => {
  it("never leave the app without a state (the screen would go blank)", () => {
    const s = inClassAs(ada);
    for (const event of [ev.myReactions([1, "👍"]), ev.reactionChanged(1, "👍", "p_3", true, 1)] as AppEvent[]) {
      const next = reducer(s, { type: "event", event, now: 1_000 });
      expect(next).toBeDefined();
      expect(next.phase).toBe("inClass");
    }
  });

  it("myReactions replaces what this user's own were", () => {
    const first = run(inClassAs(ada), ev.myReactions([1, "👍"], [1, HEART], [4, "❓"]));
    expect(mineOn(first, 1)).toEqual(["👍", HEART]);
    expect(mineOn(first, 4)).toEqual(["❓"]);
    const again = run(first, ev.welcome(ada), ev.myReactions([4, "✅"]));
    expect(mineOn(again, 1)).toEqual([]);
    expect(mineOn(again, 4)).toEqual(["✅"]);
    expect(run(again, ev.myReactions()).reactions.mine.size).toBe(0);
  });

  it("reactionChanged sets the message's count to the one it gives, whoever reacted", () => {
    const s = run(
      inClassAs(ada),
      ev.message(reacted(entry(1, bo, "Hi"), { "👍": 2 })),
      ev.reactionChanged(1, "👍", "p_3", true, 3),
      ev.reactionChanged(1, "😮", "p_1", true, 1),
    );
    expect(countsOf(s, 1)).toEqual({ "👍": 3, "😮": 1 });
    // Absolute, not a step: a count the app missed is made good.
    const later = run(s, ev.reactionChanged(1, "👍", "p_1", false, 1));
    expect(countsOf(later, 1)).toEqual({ "👍": 1, "😮": 1 });
    const none = run(later, ev.reactionChanged(1, "😮", "p_1", false, 0));
    expect(countsOf(none, 1)).toEqual({ "👍": 1 });
    // Others' reactions are not this user's.
    expect(mineOn(none, 1)).toEqual([]);
  });

  it("reactionChanged by this user adds to or takes from their own", () => {
    const on = run(inClassAs(ada), ev.message(entry(1, bo, "Hi")), ev.reactionChanged(1, "😂", ada.id, true, 1));
    expect(mineOn(on, 1)).toEqual(["😂"]);
    expect(countsOf(on, 1)).toEqual({ "😂": 1 });
    const off = run(on, ev.reactionChanged(1, "😂", ada.id, false, 0));
    expect(mineOn(off, 1)).toEqual([]);
    expect(countsOf(off, 1)).toEqual({});
  });

  it("told the same again, changes nothing", () => {
    const s = run(inClassAs(ada), ev.reactionChanged(1, "👍", ada.id, true, 2));
    expect(run(s, ev.reactionChanged(1, "👍", ada.id, true, 2))).toBe(s);
  });
});

describe("counts in the entries", () => {
  it("come with each message as it arrives, and with each page of earlier ones", () => {
    const s = run(
      inClassAs(ada),
      ev.message(reacted(entry(30, bo, "Now"), { "👍": 3, "✅": 1 })),
      ev.loadingEarlier(),
      ev.earlier([reacted(entry(28, teacher, "Before"), { "❓": 2 }), entry(29, bo, "None")]),
    );
    expect(countsOf(s, 30)).toEqual({ "👍": 3, "✅": 1 });
    expect(countsOf(s, 28)).toEqual({ "❓": 2 });
    expect(countsOf(s, 29)).toEqual({});
  });

  it("are older than what an event said on this connection: an entry held back fills in only the rest", () => {
    // The Rust client may hold an entry back until an earlier one comes;
    // events about it are passed on at once.
    const s = run(
      inClassAs(ada),
      ev.reactionChanged(12, "👍", "p_3", true, 4),
      ev.reactionChanged(12, "😂", "p_1", false, 0),
      ev.message(reacted(entry(12, bo, "Held back"), { "👍": 3, "😂": 1, "❓": 2 })),
    );
    expect(countsOf(s, 12)).toEqual({ "👍": 4, "❓": 2 });
  });

  it("are newer than what events said before a rejoin", () => {
    const before = run(inClassAs(ada), ev.reactionChanged(40, "👍", "p_3", true, 1));
    const s = run(before, ev.welcome(ada), ev.myReactions(), ev.message(reacted(entry(40, bo, "While away"), { "👍": 5 })));
    expect(countsOf(s, 40)).toEqual({ "👍": 5 });
  });

  it("of messages held before a rejoin are set from the welcome's snapshot of their range", () => {
    const before = run(
      inClassAs(ada),
      ev.message(reacted(entry(3, bo, "Lost its reaction while away"), { "👍": 1 })),
      ev.message(entry(5, bo, "Gained some")),
      ev.message(reacted(entry(9, bo, "Outside the range"), { "❓": 2 })),
    );
    const held: AppEvent = {
      kind: "heldReactions",
      data: { from: 3, to: 5, counts: [{ seq: 5, reactions: [{ emoji: "✅", count: 2 }] }] },
    };
    const s = run(before, ev.welcome(ada), ev.myReactions(), held);
    expect(countsOf(s, 3)).toEqual({});
    expect(countsOf(s, 5)).toEqual({ "✅": 2 });
    expect(countsOf(s, 9)).toEqual({ "❓": 2 });
  });

  it("keep the same state object when a page brings nothing new", () => {
    const s = run(inClassAs(ada), ev.loadingEarlier());
    const page = run(s, ev.earlier(entries(1, 3)));
    expect(page.reactions).toBe(s.reactions);
  });
});

describe("a deleted message", () => {
  it("loses its reactions and this user's own on it when deleted", () => {
    const s = run(
      inClassAs(ada),
      ev.message(reacted(entry(1, bo, "Hi"), { "👍": 2 })),
      ev.message(reacted(entry(2, bo, "Oops"), { "😂": 1 })),
      ev.myReactions([1, "👍"], [2, "😂"]),
      ev.messageDeleted(2),
    );
    expect(countsOf(s, 2)).toEqual({});
    expect(mineOn(s, 2)).toEqual([]);
    expect(countsOf(s, 1)).toEqual({ "👍": 2 });
    expect(mineOn(s, 1)).toEqual(["👍"]);
  });

  it("loses them when a rejoin's list names it", () => {
    const s = run(inClassAs(ada), ev.message(reacted(entry(3, bo, "Hi"), { "❓": 2 })), ev.deletedMessages(3));
    expect(countsOf(s, 3)).toEqual({});
  });

  it("has none when it arrives removed, or is known deleted before it arrives", () => {
    const s = run(
      inClassAs(ada),
      ev.deletedMessages(6),
      ev.message(reacted(removed(entry(5, bo, "")), { "👍": 1 })),
      ev.message(reacted(entry(6, bo, "Deleted while away"), { "👍": 1 })),
    );
    expect(countsOf(s, 5)).toEqual({});
    expect(countsOf(s, 6)).toEqual({});
  });
});

describe("a new class", () => {
  it("starts with no reactions: a new session, or back Home", () => {
    const s = run(
      inClassAs(ada),
      ev.message(reacted(entry(1, bo, "Hi"), { "👍": 2 })),
      ev.myReactions([1, "👍"]),
      ev.reactionChanged(1, "✅", "p_3", true, 1),
    );
    expect(s.reactions).not.toEqual(initialReactions);
    expect(run(s, ev.welcome(ada, "s2")).reactions).toEqual(initialReactions);
    expect(reducer(s, { type: "reset" }).reactions).toEqual(initialReactions);
    expect(initialState.reactions).toEqual(initialReactions);
  });

  it("keeps them over a reconnection to the same class (its messages are not sent again)", () => {
    const s = run(inClassAs(ada), ev.message(reacted(entry(1, bo, "Hi"), { "👍": 2 })), ev.myReactions([1, "👍"]));
    const back = run(s, ev.reconnecting(1), ev.connected(), ev.welcome(ada), ev.myReactions([1, "👍"]));
    expect(countsOf(back, 1)).toEqual({ "👍": 2 });
    expect(mineOn(back, 1)).toEqual(["👍"]);
  });
});

describe("refusals", () => {
  it("word the reaction codes in English and Spanish", () => {
    const es = sayIn("es");
    expect(say(refusalText("invalid_reaction", "❤ is not a reaction"))).toBe("That reaction cannot be used in this class.");
    expect(es(refusalText("invalid_reaction", "❤ is not a reaction"))).toBe("Esa reacción no se puede usar en esta clase.");
    expect(say(refusalText("reactions_off", "Reactions are off."))).toBe(
      "The teacher has turned reactions off: you cannot add or take back reactions for now.",
    );
    expect(es(refusalText("reactions_off", "Reactions are off."))).toBe(
      "El docente desactivó las reacciones: por ahora no puedes agregar ni quitar reacciones.",
    );
  });

  it("come as a notice (a refusal of a reaction names no message sent)", () => {
    const s = run(inClassAs(ada), ev.refused(null, "reactions_off", "Reactions are turned off."));
    expect(say(s.notice)).toBe("The teacher has turned reactions off: you cannot add or take back reactions for now.");
    const t = run(inClassAs(ada), ev.refused(null, "invalid_reaction", "Not one of the reactions."));
    expect(say(t.notice)).toBe("That reaction cannot be used in this class.");
  });
});

describe("the rule", () => {
  it("is told to everyone when the teacher turns reactions off or on", () => {
    for (const who of [ada, teacher]) {
      const off = run(inClassAs(who), ev.room(), ev.rules(false, 0, false, true));
      expect(say(off.room.announcement)).toBe("Reactions are turned off");
      const on = run(off, ev.rules(false, 0, false, false));
      expect(say(on.room.announcement)).toBe("Reactions are turned on again");
    }
  });

  it("is off only when the hub says so (a hub before reactions leaves it out)", () => {
    const s = run(inClassAs(ada), ev.room(), ev.rules(true));
    expect(s.room.rules.reactions_off).toBeUndefined();
    expect(say(s.room.announcement)).toBe("The chat is locked: only the teacher can post");
  });
});
