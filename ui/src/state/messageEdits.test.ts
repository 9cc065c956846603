import { describe, expect, it } from "vitest";
import { DELETE_WINDOW_SECONDS, ada, bo, entries, entry, ev, inClassAs, removed, run, teacher } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import { type ClassroomState, type TimelineItem, refusalText, reducer } from "./classroom";
import { DEFAULT_DELETE_WINDOW_SECONDS, deleteWindowSeconds } from "./messageEdits";

/** The chat's messages as `seq: text`, a removed one as `seq: (removed)`. */
function lines(state: ClassroomState): string[] {
  return state.timeline.map((item: TimelineItem) => {
    if (item.kind !== "message") return item.kind;
    return item.entry.removed ? `${item.entry.seq}: (removed)` : `${item.entry.seq}: ${item.entry.text}`;
  });
}

function messageAt(state: ClassroomState, seq: number) {
  const item = state.timeline.find((i) => i.kind === "message" && i.entry.seq === seq);
  if (item?.kind !== "message") throw new Error(`no message ${seq}`);
  return item;
}

describe("deleted messages", () => {
  it("blanks, in place, the messages the welcome's list names, keeping sender and time", () => {
    const s = run(
      inClassAs(ada),
      ev.message(entry(1, teacher, "Welcome")),
      ev.message(entry(2, bo, "oops, my password is hunter2")),
      ev.message(entry(3, bo, "Hi")),
      ev.deletedMessages(2),
    );
    expect(lines(s)).toEqual(["1: Welcome", "2: (removed)", "3: Hi"]);
    const line = messageAt(s, 2);
    expect(line.entry.text).toBe("");
    expect(line).toMatchObject({ key: "m:2", entry: { from: bo, ts: entry(2, bo, "").ts } });
    expect(JSON.stringify(s)).not.toContain("hunter2");
  });

  it("replaces what was known with each welcome's list", () => {
    const first = run(inClassAs(ada), ev.deletedMessages(2, 3));
    expect([...first.edits.deleted]).toEqual([2, 3]);
    const again = run(first, ev.welcome(ada), ev.deletedMessages(5));
    expect([...again.edits.deleted]).toEqual([5]);
    // A message the old list named now comes as it is.
    expect(lines(run(again, ev.message(entry(3, bo, "Hi"))))).toEqual(["3: Hi"]);
  });

  it("removes a message already shown when it is deleted, and says so politely", () => {
    const before = run(inClassAs(ada), ev.message(entry(1, teacher, "Welcome")), ev.message(entry(2, bo, "Wrong chat")));
    const after = run(before, ev.messageDeleted(2, "sender"));
    expect(lines(after)).toEqual(["1: Welcome", "2: (removed)"]);
    // The untouched line is the same item (the list does not render it again).
    expect(after.timeline[0]).toBe(before.timeline[0]);
    expect(after.announcement).toEqual({ key: "removed:2", text: { id: "messages.announceRemoved" } });
    expect(say(after.announcement?.text)).toBe("A message was removed");
    // Told again, nothing changes.
    expect(run(after, ev.messageDeleted(2))).toBe(after);
  });

  it("stops the live region saying a message deleted by a rejoin's list", () => {
    const heard = run(inClassAs(ada), ev.message(entry(4, bo, "my password is hunter2")));
    expect(say(heard.announcement?.text)).toBe("Bo: my password is hunter2");
    const s = run(heard, ev.welcome(ada), ev.deletedMessages(4));
    expect(s.announcement).toBeNull();
  });

  it("shows removed a message deleted before it arrived, live or in a page of history", () => {
    const s = run(inClassAs(ada), ev.message(entry(40, bo, "Now")), ev.messageDeleted(12), ev.messageDeleted(41));
    // Nothing shown was removed: nothing to announce.
    expect(s.announcement?.key).not.toMatch(/^removed:/);
    const paged = run(s, ev.earlier([entry(11, bo, "Before"), entry(12, bo, "Secret"), entry(13, bo, "After")]));
    expect(lines(paged)).toEqual(["11: Before", "12: (removed)", "13: After", "40: Now"]);
    const unread = paged.unread;
    // After a gap the hub sends the entry itself; it is removed already.
    const late = run(paged, ev.gap(41, 41), ev.message(entry(41, teacher, "Gone")));
    expect(lines(late)).toEqual(["11: Before", "12: (removed)", "13: After", "40: Now", "gap", "41: (removed)"]);
    expect(late.unread).toBe(unread);
    expect(JSON.stringify(late.timeline)).not.toMatch(/Secret|Gone/);
  });

  it("shows removed the entries the hub sends removed (the welcome's history, pages)", () => {
    const s = run(
      inClassAs(ada),
      ev.message(removed(entry(5, bo, ""))),
      ev.earlier([removed(entry(3, teacher, "")), entry(4, bo, "Hello")]),
    );
    expect(lines(s)).toEqual(["3: (removed)", "4: Hello", "5: (removed)"]);
    // A removed message from someone else is nothing new to read.
    expect(s.unread).toBe(0);
    expect(s.announcement).toBeNull();
  });

  it("still settles this user's own message when it arrives removed", () => {
    const s = run(inClassAs(ada), ev.queued("c-7", "oops"), ev.messageDeleted(7, "sender"), ev.message(entry(7, ada, "oops", "c-7")));
    expect(s.pending).toEqual([]);
    expect(lines(s)).toEqual(["7: (removed)"]);
  });
});

describe("the pinned message", () => {
  it("is set and cleared by the hub's pinned events, and screen readers hear of it", () => {
    const pin = entry(3, teacher, "Homework: page 42");
    const pinned = run(inClassAs(ada), ev.message(pin), ev.pinned(pin));
    expect(pinned.edits.pinned).toEqual(pin);
    expect(say(pinned.announcement?.text)).toBe("A message from Mrs. Núñez is pinned at the top of the chat");
    const unpinned = run(pinned, ev.pinned(null));
    expect(unpinned.edits.pinned).toBeNull();
    expect(say(unpinned.announcement?.text)).toBe("The pinned message was unpinned");
  });

  it("tells the sender when their own message is pinned", () => {
    const s = run(inClassAs(ada), ev.pinned(entry(4, ada, "Part (a): 2.5 m/s²")));
    expect(say(s.announcement?.text)).toBe("Your message is pinned at the top of the chat");
  });

  it("comes with the room a (re)join finds, replacing the one shown", () => {
    const pin = entry(2, teacher, "Read chapter 3");
    const joined = run(inClassAs(bo), ev.room({ pinned: pin }));
    expect(joined.edits.pinned).toEqual(pin);
    // Nothing changed for a screen reader to hear: the pin was there.
    expect(joined.announcement).toBeNull();
    expect(run(joined, ev.welcome(bo), ev.room()).edits.pinned).toBeNull();
  });

  it("goes as soon as its message is deleted, before the hub's unpin arrives", () => {
    const pin = entry(3, teacher, "Homework");
    const s = run(inClassAs(ada), ev.message(pin), ev.pinned(pin), ev.messageDeleted(3));
    expect(s.edits.pinned).toBeNull();
    const after = run(s, ev.pinned(null));
    // The removal is what was said; the unpin adds nothing.
    expect(say(after.announcement?.text)).toBe("A message was removed");
    // A rejoin whose list has it does the same.
    const again = run(inClassAs(ada), ev.pinned(pin), ev.deletedMessages(1, 3));
    expect(again.edits.pinned).toBeNull();
  });

  it("never shows a deleted message, whatever the order", () => {
    const pin = entry(3, teacher, "Homework");
    expect(run(inClassAs(ada), ev.messageDeleted(3), ev.pinned(pin)).edits.pinned).toBeNull();
    expect(run(inClassAs(ada), ev.deletedMessages(3), ev.room({ pinned: pin })).edits.pinned).toBeNull();
    expect(run(inClassAs(ada), ev.pinned(removed(pin))).edits.pinned).toBeNull();
  });
});

describe("a new session and leaving", () => {
  const pin = entry(2, teacher, "Homework");
  const busy = () => run(inClassAs(ada), ...entries(1, 3).map(ev.message), ev.deletedMessages(1), ev.pinned(pin));

  it("start with nothing deleted or pinned", () => {
    const before = busy();
    expect(before.edits.deleted.size).toBe(1);
    const next = run(before, ev.welcome(ada, "s2"));
    expect(next.edits.deleted.size).toBe(0);
    expect(next.edits.pinned).toBeNull();
    // Message 1 of the new class is another message.
    expect(lines(run(next, ev.message(entry(1, bo, "New class"))))).toEqual(["1: New class"]);
  });

  it("forget them when going back Home", () => {
    const home = reducer(busy(), { type: "reset" });
    expect(home.edits.deleted.size).toBe(0);
    expect(home.edits.pinned).toBeNull();
  });
});

describe("refusals", () => {
  it("word unknown_message and delete_expired in English and Spanish, as a notice", () => {
    const s = run(
      inClassAs(ada),
      ev.refused(null, "delete_expired", "You can delete your own message only within 2 min of sending it."),
    );
    expect(say(s.notice)).toBe(
      "It is too late to delete that message: you can delete your own messages only within 2 minutes of sending them.",
    );
    expect(sayIn("es")(s.notice)).toBe(
      "Ya es tarde para eliminar ese mensaje: solo puedes eliminar tus mensajes durante 2 minutos después de enviarlos.",
    );
    const unknown = run(inClassAs(teacher), ev.refused(null, "unknown_message", "There is no message 9."));
    expect(say(unknown.notice)).toBe("That message can no longer be changed: it was removed, or it is too old.");
    expect(sayIn("es")(unknown.notice)).toBe("Ese mensaje ya no se puede cambiar: se eliminó o es demasiado antiguo.");
  });

  it("word the window as the hub does (whole minutes, rounded up), or not at all when unknown", () => {
    expect(say(refusalText("delete_expired", "", { deleteWindowSeconds: 60 }))).toContain("within 1 minute of");
    expect(say(refusalText("delete_expired", "", { deleteWindowSeconds: 90 }))).toContain("within 2 minutes of");
    expect(say(refusalText("delete_expired", ""))).toBe(
      "It is too late to delete that message: you can delete your own messages only shortly after sending them.",
    );
  });
});

describe("the delete window", () => {
  it("is the welcome's, else two minutes", () => {
    expect(deleteWindowSeconds(null)).toBe(DEFAULT_DELETE_WINDOW_SECONDS);
    expect(DEFAULT_DELETE_WINDOW_SECONDS).toBe(120);
    const limits = inClassAs(ada).limits!;
    expect(deleteWindowSeconds(limits)).toBe(120);
    expect(deleteWindowSeconds({ ...limits, delete_window_seconds: 30 })).toBe(30);
    expect(deleteWindowSeconds({ ...limits, delete_window_seconds: DELETE_WINDOW_SECONDS })).toBe(120);
  });
});
