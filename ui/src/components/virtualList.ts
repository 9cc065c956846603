// What the chat's message list and the participants roster share to render
// only the rows in view (TanStack Virtual): a row's height as measured (or
// its estimate while it has no box), scrolling by writing scrollTop, rows
// that must stay rendered when scrolled away (the one holding the focus,
// the one a dialog is about), and where a list starts in its scroller.

import {
  type Range,
  type Virtualizer,
  defaultRangeExtractor,
  observeElementOffset,
} from "@tanstack/react-virtual";

/**
 * A row's height: the ResizeObserver's, or read now. A row with no box (not
 * laid out: detached, hidden, or in a test's DOM) keeps its estimate rather
 * than counting as 0 px, which would pull every row below it up.
 */
export function measureRow<S extends Element>(el: HTMLElement, entry: ResizeObserverEntry | undefined, instance: Virtualizer<S, HTMLElement>): number {
  const size = entry?.borderBoxSize?.[0]?.blockSize ?? el.offsetHeight;
  if (size > 0) return Math.round(size);
  return instance.options.estimateSize(instance.indexFromElement(el));
}

/** Scrolls by writing scrollTop (the virtualizer's own corrections, the reader's place kept). */
export function writeScrollTop<S extends Element>(offset: number, { adjustments = 0 }: { adjustments?: number }, instance: Virtualizer<S, HTMLElement>) {
  const el = instance.scrollElement;
  if (el) el.scrollTop = offset + adjustments;
}

/** The rows in view and around them, plus `keep` (indexes; -1 for none), in order. */
export function rangeKeeping(range: Range, keep: readonly number[]): number[] {
  const indexes = defaultRangeExtractor(range);
  const extra = new Set(keep.filter((i) => i >= 0 && i < range.count && !indexes.includes(i)));
  return extra.size === 0 ? indexes : [...indexes, ...extra].sort((a, b) => a - b);
}

/**
 * The virtualizer's `observeElementOffset`, which also hands its callback to
 * `report`: after writing scrollTop itself, a list tells the virtualizer at
 * once (a browser's scroll event comes a frame later, jsdom's never).
 */
export function observeOffsetReporting(report: { current: ((offset: number, isScrolling: boolean) => void) | null }) {
  return <S extends Element>(instance: Virtualizer<S, HTMLElement>, cb: (offset: number, isScrolling: boolean) => void) => {
    report.current = cb;
    const stop = observeElementOffset(instance, cb);
    return () => {
      if (report.current === cb) report.current = null;
      stop?.();
    };
  };
}

/**
 * Where `list` starts in `scroller`'s content (px from the top of what
 * scrolls): the virtualizer's `scrollMargin`. 0 without layout.
 */
export function offsetIn(list: HTMLElement, scroller: HTMLElement): number {
  if (list.offsetParent === scroller) return list.offsetTop;
  const a = list.getBoundingClientRect();
  const b = scroller.getBoundingClientRect();
  if (a.height === 0 && b.height === 0) return 0;
  return Math.round(a.top - b.top - scroller.clientTop + scroller.scrollTop);
}
