import { afterEach, describe, expect, it, vi } from "vitest";
import { bo, entry, teacher } from "../test/fixtures";
import {
  NOTIFY_BATCH_MS,
  NotificationBatcher,
  escapeMarkup,
  handNotification,
  notificationFor,
  notificationText,
  plainText,
} from "./notifications";
import { sayIn, t } from "../test/i18n";
import { type MessageId, type Values, text } from "../i18n";

describe("handNotification", () => {
  it("tells the teacher whose hand went up, under the class's name", () => {
    expect(handNotification("Ada", "Physics 101", t)).toEqual({ title: "Physics 101", body: "Ada raised their hand" });
    expect(handNotification("Ada", null, t).title).toBe("Classroom");
    const es = (id: MessageId, values?: Values) => sayIn("es")(text(id, values)) ?? "";
    expect(handNotification("Ada", "Física", es).body).toBe("Ada levantó la mano");
  });
});

describe("notificationFor", () => {
  it("names the sender of a single message and marks the teacher", () => {
    expect(notificationFor([entry(1, bo, "Hi")], "Physics 101", t)).toEqual({ title: "Bo", body: "Hi" });
    expect(notificationFor([entry(1, teacher, "Page 12")], "Physics 101", t)).toEqual({
      title: "Mrs. Núñez (Teacher)",
      body: "Page 12",
    });
  });

  it("sums up several messages and shortens long text", () => {
    const long = "word ".repeat(100);
    const n = notificationFor([entry(1, bo, "a"), entry(2, teacher, long)], "Physics 101", t);
    expect(n.title).toBe("2 new messages in Physics 101");
    expect(n.body.startsWith("Mrs. Núñez: word word")).toBe(true);
    expect([...n.body].length).toBeLessThanOrEqual("Mrs. Núñez: ".length + 140);
    expect(n.body.endsWith("…")).toBe(true);
  });
});

describe("notificationText", () => {
  it("escapes markup in the body where the server renders it, so it shows as text", () => {
    const link = '<a href="http://x">click</a>';
    const image = "<img src=http://x/a.png>";
    expect(notificationText("Bo", link, true)).toEqual({
      title: "Bo",
      body: '&lt;a href="http://x"&gt;click&lt;/a&gt;',
    });
    expect(notificationText("Bo", image, true).body).toBe("&lt;img src=http://x/a.png&gt;");
    expect(notificationText("Bo", "Tom & Jerry &amp; co", true).body).toBe("Tom &amp; Jerry &amp;amp; co");
  });

  it("leaves text literal where the platform shows plain text, and never escapes the title", () => {
    const link = '<a href="http://x">click</a>';
    expect(notificationText("<b>Bo</b>", link, false)).toEqual({ title: "<b>Bo</b>", body: link });
    expect(notificationText("<b>Bo</b>", link, true).title).toBe("<b>Bo</b>");
  });

  it("drops control characters from the title and the body", () => {
    const sneaky = "Bo\u0007\u001b[31m\u202Eevil\u2028next\u0000";
    expect(notificationText(sneaky, `a\nb\tc\u0085d${sneaky}`, false)).toEqual({
      title: "Bo [31mevil next",
      body: "a b c dBo [31mevil next",
    });
  });
});

describe("plainText and escapeMarkup", () => {
  it("keep ordinary text, emoji sequences included, as it is", () => {
    const family = "Familia 👨\u200D👩\u200D👧 ¡olé!";
    expect(plainText(family)).toBe(family);
    expect(escapeMarkup(family)).toBe(family);
  });

  it("escape every ampersand and angle bracket", () => {
    expect(escapeMarkup("<<&>>")).toBe("&lt;&lt;&amp;&gt;&gt;");
  });
});

describe("NotificationBatcher", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("hands messages arriving together over in one batch", () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const batcher = new NotificationBatcher((entries) => batches.push(entries.map((e) => e.seq)));
    batcher.add(entry(1, bo, "a"));
    batcher.add(entry(2, bo, "b"));
    vi.advanceTimersByTime(NOTIFY_BATCH_MS);
    batcher.add(entry(3, bo, "c"));
    vi.advanceTimersByTime(NOTIFY_BATCH_MS);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it("leaves out a message deleted before its batch went out", () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const batcher = new NotificationBatcher((entries) => batches.push(entries.map((e) => e.seq)));
    batcher.add(entry(1, bo, "a"));
    batcher.add(entry(2, bo, "b"));
    batcher.remove([2]);
    vi.advanceTimersByTime(NOTIFY_BATCH_MS);
    batcher.add(entry(3, bo, "c"));
    batcher.remove([3]);
    vi.advanceTimersByTime(NOTIFY_BATCH_MS);
    expect(batches).toEqual([[1]]);
  });

  it("drops what is queued on dispose", () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const batcher = new NotificationBatcher(flush);
    batcher.add(entry(1, bo, "a"));
    batcher.dispose();
    vi.advanceTimersByTime(NOTIFY_BATCH_MS * 2);
    expect(flush).not.toHaveBeenCalled();
  });
});
