// The chat's lines. Follows the newest message only while the reader is at
// the bottom; a reader who scrolled up gets a "New messages" pill instead of
// being yanked down. Earlier messages come a page at a time: scrolling to
// the top (or the button there) asks for the next one, and the lines the
// reader was looking at stay where they were when it is put above them.
// A removed message shows "Message removed" in its place. Where allowed, a
// line has Add reaction, Delete (after a confirmation) and Pin / Unpin
// buttons: shown when the line is pointed at or holds the focus, and in the
// tab order always. Under a message, its reactions (see Reactions.tsx), and
// the reaction picker while open. A teacher's answer for everyone to a
// private question quotes the question above its text.
//
// Only the lines in view (and a few around them) are in the DOM, however
// long the class (TanStack Virtual, each line measured as it is drawn): each
// line says where it is in the whole list (aria-posinset, aria-setsize). The
// line that last held the focus, and the one whose deletion is being
// confirmed, stay drawn when scrolled away, so the focus is neither lost
// with them nor handed back by a dialog to a line that went. When earlier
// lines go above, the virtualizer
// keeps the line the reader was on where it was (its `anchorTo: "end"`);
// this list adds what grew above the lines themselves (the top button).
// Tab from the list goes to the first control in view, not to the first one
// drawn (above the view), so a keyboard reader stays where they are; the
// top button scrolled into view by the focus does not load by itself.

import { type KeyboardEvent, memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useIntl } from "react-intl";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useT } from "../i18n/I18n";
import { type MessageActionsLookup, type MessageActionsView, NO_ACTIONS } from "../state/messageEditsView";
import type { Reaction } from "../state/reactions";
import type { ReactionsLookup, ReactionsView } from "../state/reactionsView";
import { type EarlierView, type MessageView, formatTime } from "../state/view";
import { ConfirmDialog } from "./ConfirmDialog";
import { AddReactionIcon, ArrowDownIcon, PinIcon, TrashIcon } from "./icons";
import { QuestionQuote } from "./Questions";
import { ReactionChips, ReactionPicker } from "./Reactions";
import { measureRow, observeOffsetReporting, offsetIn, rangeKeeping, writeScrollTop } from "./virtualList";
import "./MessageEdits.css";
import "./VirtualList.css";

/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 32;
/** How close to the top (px) asks for earlier messages. */
const TOP_SLACK_PX = 48;

/** What Tab stops at inside the list. */
const TABBABLE = "button:not([disabled]), a[href], input:not([disabled]), textarea:not([disabled]), [tabindex]";
/** The space between two lines (px); ChatPopup.css's `.messages__list` gap. */
const LINE_GAP_PX = 14;
/** Lines drawn beyond each edge of the view, so the next one is there for Tab and a quick scroll. */
const OVERSCAN = 8;
/** Characters of a message's text on one line of its bubble, about (for the estimate). */
const CHARS_PER_LINE = 40;

/** A line's time as shown, by locale and time: formatting one makes a formatter, and lines are drawn again and again. */
const times = new Map<string, string>();

function timeText(dateTime: string, locale: string): string {
  const key = `${locale} ${dateTime}`;
  let text = times.get(key);
  if (text === undefined) {
    text = formatTime(dateTime, locale);
    if (times.size >= 20_000) times.clear();
    times.set(key, text);
  }
  return text;
}

/** Each line's estimate without its reactions, by its view (a line's view stays the same object while it does not change). */
const estimates = new WeakMap<MessageView, number>();

/**
 * A line's height before it is measured (px), about: its meta row, its
 * bubble's lines, a quote, reactions, a status under it. Measuring corrects
 * it as soon as the line is drawn; a close guess keeps the scroll bar steady.
 */
function estimateHeight(message: MessageView, chips: boolean): number {
  let height = estimates.get(message);
  if (height === undefined) {
    height = 26;
    if (message.kind === "message") {
      const meta = 22;
      if (message.removed) height = meta + 4 + 42;
      else {
        let lines = 0;
        for (const part of message.text.split("\n")) lines += Math.max(1, Math.ceil(part.length / CHARS_PER_LINE));
        height = meta + 4 + 18 + lines * 22;
        if (message.quote) height += 4 + 50;
        if (message.status !== "sent") height += 4 + 18;
      }
    }
    estimates.set(message, height);
  }
  return chips ? height + 4 + 32 : height;
}

export interface MessageListProps {
  messages: MessageView[];
  /** Unread messages from others (shown on the pill). */
  unread: number;
  atBottom: boolean;
  /** What the top of the list offers: more to load, loading, the start of the class. */
  earlier: EarlierView;
  onScrolled(atBottom: boolean): void;
  onLoadEarlier(): void;
  /**
   * What this user may do with a line (`messageActions`); none without.
   * Asked for the lines drawn only: a lookup, not a table of every line.
   */
  actions?: MessageActionsLookup;
  /** Deletes the message `seq` for everyone (asked after the confirmation). */
  onDelete?(seq: number): Promise<void> | void;
  /** Pins the message `seq`, or unpins (null). */
  onPin?(seq: number | null): Promise<void> | void;
  /**
   * A line's reactions (`messageReactions`); none without. Asked for the
   * lines drawn, and for the height estimate of lines not yet measured.
   */
  reactions?: ReactionsLookup;
  /** Adds (`on`) or takes back this user's reaction on the message `seq`. */
  onReact?(seq: number, emoji: Reaction, on: boolean): Promise<void> | void;
}

type Line = Extract<MessageView, { kind: "message" }>;

export function MessageList(props: MessageListProps) {
  const { messages, unread, atBottom, earlier, onScrolled, onLoadEarlier, actions } = props;
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  // Whether the reader was at the bottom before the latest change; kept in a
  // ref because it must be read in the layout effect before any scroll event.
  const stuck = useRef(true);
  const newestKey = useRef<string | null>(null);
  // The oldest line, and the content's height and the list's own as last
  // laid out: a page put above the lines moves the view down by the height
  // it added (the virtualizer keeps the lines in place; what else grew, here).
  const oldestKey = useRef<string | null>(null);
  const laidOutHeight = useRef(0);
  const laidOutLines = useRef(0);
  // The reactions each line drawn had, by key: one that changes, changes its height.
  const drawnChips = useRef(new Map<string, number>());
  const buttonHadFocus = useRef(false);
  // The virtualizer's scroll callback: told at once when this list scrolls.
  const reportOffset = useRef<((offset: number, isScrolling: boolean) => void) | null>(null);
  // Where the list starts in the scroller (below the top button): the
  // virtualizer's scroll margin.
  const [listTop, setListTop] = useState(0);
  // The line that last held the focus (kept after a blur: a dialog hands
  // the focus back to it when it closes) and the one whose deletion is
  // being confirmed (by key: it goes if the message is removed meanwhile)
  // stay drawn when scrolled away.
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);

  // The same for the same lines: a new function makes the virtualizer
  // lay every line out again.
  const getItemKey = useCallback((index: number) => messages[index]?.key ?? index, [messages]);
  const reactions = props.reactions;
  const estimateSize = useCallback(
    (index: number) => {
      const m = messages[index];
      return m === undefined ? 60 : estimateHeight(m, (reactions?.(m)?.chips.length ?? 0) > 0);
    },
    [messages, reactions],
  );

  /** Index of each line by its key, built when first asked (it is not on every new message). */
  const indexOf = useMemo(() => {
    let byKey: Map<string, number> | null = null;
    return (key: string | null) => {
      if (key === null) return -1;
      byKey ??= new Map(messages.map((m, i) => [m.key, i]));
      return byKey.get(key) ?? -1;
    };
  }, [messages]);

  // The rows get plain numbers and the virtualizer's own (stable)
  // measureElement, so their memo stays right; the app is not built with
  // the React Compiler this rule warns for.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLElement>({
    count: messages.length,
    getScrollElement: () => scroller.current,
    getItemKey,
    estimateSize,
    gap: LINE_GAP_PX,
    overscan: OVERSCAN,
    scrollMargin: listTop,
    // A chat: lines put above keep the reader's line in place, and one that
    // grows at the bottom keeps a reader there at the bottom.
    anchorTo: "end",
    scrollEndThreshold: BOTTOM_SLACK_PX,
    // It opens at the newest line.
    initialOffset: () => Number.MAX_SAFE_INTEGER,
    measureElement: measureRow,
    scrollToFn: writeScrollTop,
    observeElementOffset: observeOffsetReporting(reportOffset),
    rangeExtractor: (range) => rangeKeeping(range, [indexOf(focusedKey), indexOf(deleting)]),
  });
  const lines = virtualizer.getVirtualItems();

  // Helpers of the effects below; they read refs only, so they stay the same.
  /** The list's height as drawn (it is all the lines', measured or estimated). */
  const listHeight = useCallback(() => parseFloat(list.current?.style.height ?? "") || 0, []);

  /** Notes the content's height and the list's, as laid out now. */
  const laidOut = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    laidOutHeight.current = el.scrollHeight;
    laidOutLines.current = listHeight();
  }, [listHeight]);

  /** The virtualizer learns where the scroller is now (it wrote scrollTop itself). */
  const scrolled = useCallback(() => {
    const el = scroller.current;
    if (el) reportOffset.current?.(el.scrollTop, false);
  }, []);

  const scrollToBottom = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    stuck.current = true;
    scrolled();
  }, [scrolled]);

  useLayoutEffect(() => {
    const el = scroller.current;
    const newest = messages[messages.length - 1];
    const ownNew = newest !== undefined && newest.kind === "message" && newest.mine && newest.key !== newestKey.current;
    newestKey.current = newest?.key ?? null;
    const before = oldestKey.current;
    const prepended = before !== null && messages[0]?.key !== before && messages.some((m) => m.key === before);
    oldestKey.current = messages[0]?.key ?? null;
    if (prepended && el) {
      // Earlier messages went above: keep what the reader sees in place,
      // wherever they were (even at the bottom: they asked to see more).
      // The virtualizer has moved the view by the lines' own growth; what
      // the content grew besides (the top button's change) is added here.
      const besides = el.scrollHeight - laidOutHeight.current - (listHeight() - laidOutLines.current);
      if (besides !== 0) {
        el.scrollTop += besides;
        scrolled();
      }
    } else if (stuck.current || ownNew) {
      // Follow when already at the bottom, and always after sending.
      scrollToBottom();
    }
    laidOut();
  }, [messages, laidOut, listHeight, scrollToBottom, scrolled]);

  const empty = messages.length === 0;
  // The top line changes (button, "Loading…", start marker) shift the lines
  // below it too; and a keyboard user whose button went away (the start was
  // reached) keeps the focus in the list rather than losing it.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const grown = el.scrollHeight - laidOutHeight.current;
    if (grown !== 0) {
      if (stuck.current) el.scrollTop = el.scrollHeight;
      else el.scrollTop += grown;
      scrolled();
    }
    laidOut();
    // The top button or marker came, went or changed: the list moved down or up by that.
    if (list.current) setListTop(offsetIn(list.current, el));
    if (earlier !== "more" && earlier !== "loading" && buttonHadFocus.current) {
      buttonHadFocus.current = false;
      el.focus();
    }
  }, [earlier, empty, laidOut, scrolled]);

  // Reactions came to a line drawn, or went: its height changed. A reader at
  // the bottom stays there (the newest message's first reaction shows); one
  // reading higher up is left where they are. (Lines not drawn are measured
  // when they are drawn.)
  useLayoutEffect(() => {
    const before = drawnChips.current;
    const now = new Map<string, number>();
    let changed = false;
    for (const line of lines) {
      const m = messages[line.index]!;
      const key = m.key;
      const chips = reactions?.(m)?.chips.length ?? 0;
      now.set(key, chips);
      changed ||= (before.get(key) ?? chips) !== chips;
    }
    drawnChips.current = now;
    const el = scroller.current;
    if (!el || !changed) return;
    if (stuck.current) {
      el.scrollTop = el.scrollHeight;
      scrolled();
    }
    laidOut();
  });

  // Each line drawn says how many there are: set here rather than rendered,
  // so a new message does not render every line drawn again.
  const count = messages.length;
  useLayoutEffect(() => {
    const size = String(count);
    for (const item of list.current?.children ?? []) {
      if (item.getAttribute("aria-setsize") !== size) item.setAttribute("aria-setsize", size);
    }
  });

  // Keep the bottom in view when the list's own height changes (the composer
  // grows); a narrower list may wrap the top button onto two lines.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (stuck.current) {
        el.scrollTop = el.scrollHeight;
        scrolled();
      }
      laidOut();
      if (list.current) setListTop(offsetIn(list.current, el));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [laidOut, scrolled]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    stuck.current = bottom;
    laidOut();
    if (bottom !== atBottom) onScrolled(bottom);
    // Only a reader who scrolled up to the top asks: one reading lower down
    // (or a list too short to scroll) is left alone.
    const scrollable = el.scrollHeight > el.clientHeight;
    // Not when the top button brought itself into view by taking the focus
    // (Shift+Tab up the lines): the keyboard user presses it or goes on.
    if (earlier === "more" && scrollable && el.scrollTop <= TOP_SLACK_PX && !buttonHadFocus.current) onLoadEarlier();
  };

  // Tab from the scroller goes to the first control in view. The first one
  // in the DOM is above the view (the top button, a line drawn ahead):
  // going there would scroll the reader away from where they are, and to
  // the top button would ask for earlier messages.
  const onScrollerKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const el = scroller.current;
    if (event.key !== "Tab" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!el || event.target !== el) return;
    const top = el.scrollTop;
    const bottom = top + el.clientHeight;
    const inView: Element[] = [];
    const button = el.querySelector(".messages__earlier");
    if (button && top < listTop) inView.push(button);
    // Lines whose top is in view; a line taller than the view, only partly in it.
    const whole = lines.filter((line) => line.start >= top && line.start < bottom);
    const partly = lines.filter((line) => line.end > top && line.start < bottom);
    const shown = new Set((whole.length > 0 ? whole : partly).map((line) => String(line.key)));
    for (const item of list.current?.children ?? []) {
      if (item instanceof HTMLElement && shown.has(item.dataset.key ?? "")) inView.push(item);
    }
    const first = inView
      .flatMap((where) => [where, ...where.querySelectorAll(TABBABLE)])
      .filter((control) => control.matches(TABBABLE))
      .find((control): control is HTMLElement => control instanceof HTMLElement && control.tabIndex >= 0);
    if (!first) return;
    event.preventDefault();
    first.focus();
  };

  // The line whose deletion is being confirmed.
  const target = deleting === null ? undefined : messages.find((m): m is Line => m.key === deleting && m.kind === "message");
  const seqToDelete = target !== undefined && !target.removed ? target.seq : null;
  if (deleting !== null && seqToDelete === null) setDeleting(null);
  const handlers = useRef({ onDelete: props.onDelete, onPin: props.onPin, onReact: props.onReact });
  useEffect(() => {
    handlers.current = { onDelete: props.onDelete, onPin: props.onPin, onReact: props.onReact };
  });
  // Stable across renders, so unchanged lines are not rendered again.
  const askDelete = useCallback((key: string) => setDeleting(key), []);
  const pin = useCallback((seq: number | null) => void handlers.current.onPin?.(seq), []);
  const react = useCallback(
    (seq: number, emoji: Reaction, on: boolean) => void handlers.current.onReact?.(seq, emoji, on),
    [],
  );

  const showPill = !atBottom && unread > 0;

  return (
    <div className="messages">
      <div
        ref={scroller}
        className="messages__scroller"
        onScroll={onScroll}
        onKeyDown={onScrollerKeyDown}
        tabIndex={0}
        role="region"
        aria-label={t("chat.messages")}
      >
        {earlier === "more" || earlier === "loading" ? (
          // One button for both, so a keyboard user keeps the focus on it
          // while the page loads; aria-disabled rather than disabled for that.
          <button
            type="button"
            className="messages__earlier"
            aria-disabled={earlier === "loading"}
            onFocus={() => {
              buttonHadFocus.current = true;
            }}
            onBlur={() => {
              buttonHadFocus.current = false;
            }}
            onClick={() => {
              if (earlier === "more") onLoadEarlier();
            }}
          >
            {earlier === "loading" ? (
              <>
                <span className="spinner messages__spinner" aria-hidden="true" />
                {t("chat.loadingEarlier")}
              </>
            ) : (
              t("chat.loadEarlier")
            )}
          </button>
        ) : earlier === "start" ? (
          <p className="messages__start">{t("chat.start")}</p>
        ) : null}
        {empty ? (
          <p className="messages__empty">{t("chat.empty")}</p>
        ) : (
          <ol
            ref={list}
            className="messages__list virtual-list"
            style={{ height: virtualizer.getTotalSize() }}
            onFocus={(event) => {
              const line = (event.target as Element).closest<HTMLElement>("[data-key]");
              if (line?.dataset.key) setFocusedKey(line.dataset.key);
            }}
          >
            {lines.map((line) => {
              const m = messages[line.index]!;
              return (
                <MessageItem
                  key={m.key}
                  message={m}
                  index={line.index}
                  top={line.start - listTop}
                  measure={virtualizer.measureElement}
                  actions={actions?.(m) ?? NO_ACTIONS}
                  reactions={reactions?.(m)}
                  onAskDelete={askDelete}
                  onPin={pin}
                  onReact={react}
                />
              );
            })}
          </ol>
        )}
      </div>
      {showPill ? (
        <button
          type="button"
          className="messages__pill"
          onClick={() => {
            scrollToBottom();
            onScrolled(true);
          }}
        >
          <ArrowDownIcon />
          {t("chat.newMessages", { unread })}
        </button>
      ) : null}
      {target !== undefined && seqToDelete !== null ? (
        <ConfirmDialog
          title={t("messages.deleteTitle")}
          confirmLabel={t("messages.deleteConfirm")}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setDeleting(null);
            void handlers.current.onDelete?.(seqToDelete);
          }}
        >
          <p>{target.mine ? t("messages.deleteBodyYours") : t("messages.deleteBodyFrom", { name: target.sender })}</p>
          <blockquote className="delete-quote" dir="auto">
            {target.text}
          </blockquote>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

interface MessageItemProps {
  message: MessageView;
  /** Where it is in the whole list (0-based); MessageList says how long that is (aria-setsize). */
  index: number;
  /** Its top in the list (px). */
  top: number;
  /** Measures its height (the virtualizer's), as it is drawn and when it changes. */
  measure(el: HTMLElement | null): void;
  actions: MessageActionsView;
  /** Its reactions, and whether this user may react; none for a line without. */
  reactions: ReactionsView | undefined;
  /** Asks to confirm deleting the line with this key. */
  onAskDelete(key: string): void;
  onPin(seq: number | null): void;
  onReact(seq: number, emoji: Reaction, on: boolean): void;
}

/** One line; view models and actions are stable per line, so unchanged lines skip rendering. */
const MessageItem = memo(function MessageItem({
  message,
  index,
  top,
  measure,
  actions,
  reactions,
  onAskDelete,
  onPin,
  onReact,
}: MessageItemProps) {
  const t = useT();
  const intl = useIntl();
  const pickerId = useId();
  const item = useRef<HTMLLIElement>(null);
  const setItem = useCallback(
    (el: HTMLLIElement | null) => {
      item.current = el;
      measure(el);
    },
    [measure],
  );
  const addButton = useRef<HTMLButtonElement>(null);
  const seq = message.kind === "message" ? message.seq : null;
  const canReact = seq !== null && message.kind === "message" && !message.removed && reactions?.canReact === true;
  // The reaction picker; it goes when reacting does (offline, turned off, removed).
  const [picking, setPicking] = useState(false);
  if (picking && !canReact) setPicking(false);
  // Whether the focus is in this line: when the button holding it goes (the
  // message was removed, a reaction chip went to 0, the connection dropped),
  // Add reaction takes it, or else the line itself, rather than the page.
  const focusInside = useRef(false);
  useLayoutEffect(() => {
    if (!focusInside.current) return;
    const active = document.activeElement;
    if (active === null || active === document.body) (addButton.current ?? item.current)?.focus();
  }, [actions, reactions]);
  // Its height changes with what it shows: measured now, before it is painted
  // over the line below (a ResizeObserver would tell a frame later).
  useLayoutEffect(() => {
    if (item.current) measure(item.current);
  }, [measure, message, reactions, picking]);

  // Where it is: drawn at its place in the list, said to be the n-th.
  const place = {
    ref: setItem,
    "data-index": index,
    "data-key": message.key,
    "aria-posinset": index + 1,
    style: { top },
  };
  if (message.kind === "gap") {
    return (
      <li {...place} className="messages__gap">
        {t(message.text.id, message.text.values)}
      </li>
    );
  }
  const classes = [
    "msg",
    message.mine ? "msg--mine" : "msg--other",
    message.teacher ? "msg--teacher" : "",
    message.status === "sending" ? "msg--sending" : "",
    message.status === "refused" ? "msg--refused" : "",
    message.removed ? "msg--removed" : "",
  ]
    .filter(Boolean)
    .join(" ");
  const name = message.sender;
  const hasActions = seq !== null && (actions.delete || actions.pin !== null || canReact);
  const pinLabel =
    actions.pin === "unpin"
      ? message.mine
        ? t("messages.unpinYours")
        : t("messages.unpinFrom", { name })
      : message.mine
        ? t("messages.pinYours")
        : t("messages.pinFrom", { name });
  const deleteLabel = message.mine ? t("messages.deleteYours") : t("messages.deleteFrom", { name });
  const reactLabel = message.mine ? t("reactions.addYours") : t("reactions.addFrom", { name });
  return (
    <li
      {...place}
      className={classes}
      tabIndex={-1}
      onFocus={() => {
        focusInside.current = true;
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) focusInside.current = false;
      }}
    >
      <div className="msg__meta">
        <span className="msg__sender" dir={message.mine ? undefined : "auto"}>
          {message.mine ? t("chat.you") : message.sender}
        </span>
        {message.teacher ? <span className="chip chip--teacher">{t("common.teacher")}</span> : null}
        {message.status === "sent" && message.dateTime ? (
          <time className="msg__time" dateTime={message.dateTime}>
            {timeText(message.dateTime, intl.locale)}
          </time>
        ) : null}
        {hasActions ? (
          <span className="msg__actions">
            {canReact ? (
              <button
                ref={addButton}
                type="button"
                className="msg__action msg__action--react"
                aria-label={reactLabel}
                title={reactLabel}
                aria-expanded={picking}
                aria-controls={picking ? pickerId : undefined}
                onClick={() => setPicking(!picking)}
                onKeyDown={(event) => {
                  if (event.key === "Escape" && picking) {
                    // Handled: the chat panel must not close too.
                    event.preventDefault();
                    setPicking(false);
                  }
                }}
              >
                <AddReactionIcon />
              </button>
            ) : null}
            {actions.pin !== null ? (
              <button
                type="button"
                className={`msg__action msg__action--${actions.pin}`}
                aria-label={pinLabel}
                title={pinLabel}
                onClick={() => onPin(actions.pin === "pin" ? seq : null)}
              >
                <PinIcon />
              </button>
            ) : null}
            {actions.delete ? (
              <button
                type="button"
                className="msg__action msg__action--delete"
                aria-label={deleteLabel}
                title={deleteLabel}
                onClick={() => onAskDelete(message.key)}
              >
                <TrashIcon />
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
      {message.quote && !message.removed ? <QuestionQuote quote={message.quote} /> : null}
      {message.removed ? (
        <p className="msg__bubble msg__removed">{t("messages.removed")}</p>
      ) : (
        <p className="msg__bubble" dir="auto">
          {message.text}
        </p>
      )}
      {seq !== null && reactions !== undefined && !message.removed ? (
        <ReactionChips
          chips={reactions.chips}
          interactive={canReact}
          onToggle={(emoji, on) => onReact(seq, emoji, on)}
        />
      ) : null}
      {seq !== null && picking && reactions !== undefined ? (
        <ReactionPicker
          id={pickerId}
          options={reactions.options}
          anchor={addButton}
          onPick={(emoji, on) => onReact(seq, emoji, on)}
          onClose={(refocus) => {
            setPicking(false);
            if (refocus) addButton.current?.focus();
          }}
        />
      ) : null}
      {message.status === "sending" ? <p className="msg__status">{t("chat.sending")}</p> : null}
      {message.status === "refused" && message.reason ? (
        <p className="msg__status msg__status--refused">
          {t("chat.notSent", { reason: t(message.reason.id, message.reason.values) })}
        </p>
      ) : null}
    </li>
  );
});
