import { describe, expect, it } from "vitest";
import { entryBytes, Reorder, type Next } from "./reorder";
import { entry } from "./testing";

function seqs(next: Next | null): number[] {
  if (!next || !("deliver" in next)) throw new Error(`expected a delivery, got ${JSON.stringify(next)}`);
  return next.deliver.map((e) => e.seq);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("Reorder", () => {
  it("delivers in order, once", () => {
    const reorder = new Reorder(0, 1000, 1 << 20);
    reorder.accept([entry(2), entry(1), entry(2), entry(3)]);
    expect(seqs(reorder.next())).toEqual([1, 2, 3]);
    reorder.accept([entry(3), entry(1)]);
    expect(reorder.next()).toBeNull();
    expect(reorder.lastSeq).toBe(3);
  });

  it("fetches a gap before delivering past it, one fetch at a time", () => {
    const reorder = new Reorder(10, 1000, 1 << 20);
    reorder.accept([entry(14), entry(15)]);
    expect(reorder.next()).toEqual({ fetchBefore: 14 });
    expect(reorder.next()).toBeNull();
    expect(reorder.history([entry(12), entry(13)], 1)).toEqual({ lost: null, letGo: 0 });
    expect(reorder.next()).toEqual({ fetchBefore: 12 });
    reorder.history([entry(10), entry(11)], 1);
    expect(seqs(reorder.next())).toEqual([11, 12, 13, 14, 15]);
  });

  it("fetches a tail the welcome announced", () => {
    const reorder = new Reorder(5, 1000, 1 << 20);
    reorder.reconnected(7);
    expect(reorder.next()).toEqual({ fetchBefore: 8 });
    reorder.history([entry(6), entry(7)], 1);
    expect(seqs(reorder.next())).toEqual([6, 7]);
  });

  it("a reconnect forgets a fetch that never came back", () => {
    const reorder = new Reorder(0, 1000, 1 << 20);
    reorder.reconnected(3);
    expect(reorder.next()).toEqual({ fetchBefore: 4 });
    expect(reorder.next()).toBeNull();
    reorder.reconnected(3);
    expect(reorder.next()).toEqual({ fetchBefore: 4 });
  });

  it("reports what the hub no longer has", () => {
    const reorder = new Reorder(3, 1000, 1 << 20);
    reorder.accept([entry(20)]);
    expect(reorder.next()).toEqual({ fetchBefore: 20 });
    expect(reorder.history([entry(18), entry(19)], 18)).toEqual({ lost: [4, 17], letGo: 0 });
    expect(seqs(reorder.next())).toEqual([18, 19, 20]);
  });

  it("fills a long gap from its oldest end", () => {
    const reorder = new Reorder(0, 1000, 1 << 20);
    reorder.reconnected(1000);
    reorder.accept(range(901, 1000).map((s) => entry(s)));
    expect(reorder.next()).toEqual({ fetchBefore: 101 });
    reorder.history(range(1, 100).map((s) => entry(s)), 1);
    expect(seqs(reorder.next())).toEqual(range(1, 100));
    expect(reorder.next()).toEqual({ fetchBefore: 201 });
  });

  it("holds at most max entries behind a gap, letting the newest go and fetching them again", () => {
    const reorder = new Reorder(0, 10, 1 << 20);
    expect(reorder.accept(range(2, 50).map((s) => entry(s)))).toBe(39);
    expect(reorder.waiting).toBe(10);
    expect(reorder.next()).toEqual({ fetchBefore: 2 });
    expect(reorder.history([entry(1)], 1)).toEqual({ lost: null, letGo: 1 });
    expect(seqs(reorder.next())).toEqual(range(1, 10));
    expect(reorder.next()).toEqual({ fetchBefore: 51 });
    expect(reorder.history(range(11, 50).map((s) => entry(s)), 1).letGo).toBe(30);
    expect(seqs(reorder.next())).toEqual(range(11, 20));
  });

  it("holds at most max bytes behind a gap, but always one entry", () => {
    const big = (seq: number) => entry(seq, { text: "x".repeat(1000) });
    const reorder = new Reorder(0, 1000, 3 * entryBytes(big(2)));
    reorder.accept(range(2, 9).map(big));
    expect(reorder.waiting).toBe(3);
    expect(reorder.waitingBytes).toBeLessThanOrEqual(3 * entryBytes(big(2)));
    const tiny = new Reorder(0, 0, 0);
    tiny.accept([big(3), big(2)]);
    expect(tiny.waiting).toBe(1);
    // The gap's entry comes: the newest waiting one makes room for it.
    tiny.accept([entry(1)]);
    expect(seqs(tiny.next())).toEqual([1]);
    expect(tiny.waitingBytes).toBe(0);
  });

  it("skipTo starts later and reset starts over", () => {
    const reorder = new Reorder(0, 100, 1 << 20);
    reorder.accept([entry(3), entry(5)]);
    reorder.skipTo(4);
    expect(reorder.lastSeq).toBe(4);
    expect(seqs(reorder.next())).toEqual([5]);
    reorder.reset();
    expect([reorder.lastSeq, reorder.newest, reorder.waiting]).toEqual([0, 0, 0]);
    reorder.accept([entry(1)]);
    expect(seqs(reorder.next())).toEqual([1]);
  });
});
