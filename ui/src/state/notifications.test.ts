import { afterEach, describe, expect, it, vi } from "vitest";
import { bo, entry, teacher } from "../test/fixtures";
import { NOTIFY_BATCH_MS, NotificationBatcher, notificationFor } from "./notifications";
import { t } from "../test/i18n";

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
