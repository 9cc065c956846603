import { describe, expect, it } from "vitest";
import { HEART, ada, bo, entry, ev, inClassAs, reacted, removed, run, teacher } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import type { ClassroomState } from "./classroom";
import { REACTIONS } from "./reactions";
import { type ReactionsView, messageReactions } from "./reactionsView";
import { type MessageView, chatMessages } from "./view";

/** The line `key` as the chat shows it; it must be there. */
function lineOf(state: ClassroomState, key: string): MessageView {
  const line = chatMessages(state).find((m) => m.key === key);
  if (line === undefined) throw new Error(`no line ${key}`);
  return line;
}

/** The reactions of the line `key`, asked of the lookup as the list does. */
function reactionsOf(state: ClassroomState, key: string): ReactionsView | undefined {
  return messageReactions(state)(lineOf(state, key));
}

/** A line's chips as "emoji count" (a trailing * when this user's own). */
function chips(state: ClassroomState, seq: number): string[] | undefined {
  return reactionsOf(state, `m:${seq}`)?.chips.map((c) => `${c.emoji} ${c.count}${c.mine ? "*" : ""}`);
}

/** Ada in a class with two messages, the first with reactions (one hers). */
function chat(): ClassroomState {
  return run(
    inClassAs(ada),
    ev.room(),
    ev.myReactions([1, "❓"]),
    // The hub sends them in the set's order; the view does not rely on it.
    ev.message(reacted(entry(1, teacher, "Page 42"), { "✅": 1, "❓": 2, "👍": 5, "😮": 0 })),
    ev.message(entry(2, bo, "Hi")),
  );
}

describe("a line's reactions", () => {
  it("show a chip for each reaction given, in the fixed order, this user's own marked", () => {
    expect(chips(chat(), 1)).toEqual(["👍 5", "❓ 2*", "✅ 1"]);
  });

  it("follow the changes, and this user's own", () => {
    const s = run(chat(), ev.reactionChanged(1, HEART, bo.id, true, 1), ev.reactionChanged(1, "👍", ada.id, true, 6));
    expect(chips(s, 1)).toEqual(["👍 6*", "❤️ 1", "❓ 2*", "✅ 1"]);
    const back = run(s, ev.reactionChanged(1, "❓", ada.id, false, 1), ev.reactionChanged(1, "✅", bo.id, false, 0));
    expect(chips(back, 1)).toEqual(["👍 6*", "❤️ 1", "❓ 1"]);
  });

  it("name each reaction in words, for labels, in the user's language", () => {
    const view = reactionsOf(chat(), "m:1")!;
    expect(view.chips.map((c) => say(c.name))).toEqual(["Thumbs up", "Question", "Done"]);
    expect(view.options.map((o) => o.emoji)).toEqual([...REACTIONS]);
    expect(view.options.map((o) => say(o.name))).toEqual(["Thumbs up", "Heart", "Laughing", "Surprised", "Question", "Done"]);
    expect(view.options.map((o) => sayIn("es")(o.name))).toEqual(["Pulgar arriba", "Corazón", "Risa", "Sorpresa", "Pregunta", "Listo"]);
    expect(view.options.filter((o) => o.mine).map((o) => o.emoji)).toEqual(["❓"]);
  });

  it("let this user react to every sent message, the teacher too, even one with none yet", () => {
    const s = chat();
    expect(reactionsOf(s, "m:2")).toMatchObject({ chips: [], canReact: true });
    expect(reactionsOf(s, "m:1")?.canReact).toBe(true);
    const t = run(inClassAs(teacher), ev.room(), ev.message(entry(1, ada, "Hi")));
    expect(reactionsOf(t, "m:1")?.canReact).toBe(true);
  });

  it("are read-only while the teacher has turned reactions off: counts stay, lines without any show none", () => {
    const off = run(chat(), ev.rules(false, 0, false, true));
    expect(reactionsOf(off, "m:1")?.canReact).toBe(false);
    expect(chips(off, 1)).toEqual(["👍 5", "❓ 2*", "✅ 1"]);
    expect(reactionsOf(off, "m:2")).toBeUndefined();
    const joinedOff = run(inClassAs(ada), ev.room({ reactionsOff: true }), ev.message(reacted(entry(1, bo, "Hi"), { "👍": 1 })));
    expect(reactionsOf(joinedOff, "m:1")?.canReact).toBe(false);
    const on = run(off, ev.rules(false, 0, false, false));
    expect(reactionsOf(on, "m:2")?.canReact).toBe(true);
  });

  it("are read-only while not connected", () => {
    const away = run(chat(), ev.reconnecting(1));
    expect(reactionsOf(away, "m:1")?.canReact).toBe(false);
    expect(chips(away, 1)).toEqual(["👍 5", "❓ 2*", "✅ 1"]);
    expect(reactionsOf(away, "m:2")).toBeUndefined();
    const closed = run(chat(), ev.closed("ended"));
    expect(reactionsOf(closed, "m:1")?.canReact).toBe(false);
  });

  it("are none on a removed message, nor on lines not sent", () => {
    const s = run(chat(), ev.messageDeleted(1), ev.message(reacted(removed(entry(3, bo, "")), { "👍": 1 })));
    expect(reactionsOf(s, "m:1")).toBeUndefined();
    expect(reactionsOf(s, "m:3")).toBeUndefined();
    const pending = run(chat(), ev.queued("c-9", "On its way"), ev.queued("c-10", "No"), ev.refused("c-10", "too_long", ""));
    const reactions = messageReactions(pending);
    const lines = chatMessages(pending);
    // The two sent, the refused one, the one on its way: only the sent have reactions.
    expect(lines).toHaveLength(4);
    expect(lines.filter((line) => reactions(line) !== undefined).map((line) => line.key)).toEqual(["m:1", "m:2"]);
  });

  it("keep the same view while nothing about the line changed, so it is not rendered again", () => {
    const s = chat();
    const before = { m1: reactionsOf(s, "m:1"), m2: reactionsOf(s, "m:2") };
    expect(before.m1).toBeDefined();
    expect(before.m2).toBeDefined();
    const other = run(s, ev.reactionChanged(2, "😂", bo.id, true, 1));
    expect(reactionsOf(other, "m:1")).toBe(before.m1);
    expect(reactionsOf(other, "m:2")).not.toBe(before.m2);
    const mine = run(other, ev.reactionChanged(1, "👍", ada.id, true, 6));
    expect(reactionsOf(mine, "m:1")).not.toBe(before.m1);
  });
});
