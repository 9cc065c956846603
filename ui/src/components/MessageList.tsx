// The chat's lines. Follows the newest message only while the reader is at
// the bottom; a reader who scrolled up gets a "New messages" pill instead of
// being yanked down. Earlier messages come a page at a time: scrolling to
// the top (or the button there) asks for the next one, and the lines the
// reader was looking at stay where they were when it is put above them.

import { memo, useEffect, useLayoutEffect, useRef } from "react";
import { useIntl } from "react-intl";
import { useT } from "../i18n/I18n";
import { type EarlierView, type MessageView, formatTime } from "../state/view";
import { ArrowDownIcon } from "./icons";

/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 32;
/** How close to the top (px) asks for earlier messages. */
const TOP_SLACK_PX = 48;

export interface MessageListProps {
  messages: MessageView[];
  /** Unread messages from others (shown on the pill). */
  unread: number;
  atBottom: boolean;
  /** What the top of the list offers: more to load, loading, the start of the class. */
  earlier: EarlierView;
  onScrolled(atBottom: boolean): void;
  onLoadEarlier(): void;
}

export function MessageList({ messages, unread, atBottom, earlier, onScrolled, onLoadEarlier }: MessageListProps) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the reader was at the bottom before the latest change; kept in a
  // ref because it must be read in the layout effect before any scroll event.
  const stuck = useRef(true);
  const newestKey = useRef<string | null>(null);
  // The oldest line and the content's height as last laid out: a page put
  // above them moves the view down by the height it added.
  const oldestKey = useRef<string | null>(null);
  const laidOutHeight = useRef(0);
  const buttonHadFocus = useRef(false);

  const scrollToBottom = () => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    stuck.current = true;
  };

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
      el.scrollTop += el.scrollHeight - laidOutHeight.current;
    } else if (stuck.current || ownNew) {
      // Follow when already at the bottom, and always after sending.
      scrollToBottom();
    }
    if (el) laidOutHeight.current = el.scrollHeight;
  }, [messages]);

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
    }
    laidOutHeight.current = el.scrollHeight;
    if (earlier !== "more" && earlier !== "loading" && buttonHadFocus.current) {
      buttonHadFocus.current = false;
      el.focus();
    }
  }, [earlier]);

  // Keep the bottom in view when the list's own height changes (the composer grows).
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (stuck.current) el.scrollTop = el.scrollHeight;
      laidOutHeight.current = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    stuck.current = bottom;
    laidOutHeight.current = el.scrollHeight;
    if (bottom !== atBottom) onScrolled(bottom);
    // Only a reader who scrolled up to the top asks: one reading lower down
    // (or a list too short to scroll) is left alone.
    const scrollable = el.scrollHeight > el.clientHeight;
    if (earlier === "more" && scrollable && el.scrollTop <= TOP_SLACK_PX) onLoadEarlier();
  };

  const showPill = !atBottom && unread > 0;

  return (
    <div className="messages">
      <div
        ref={scroller}
        className="messages__scroller"
        onScroll={onScroll}
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
        {messages.length === 0 ? (
          <p className="messages__empty">{t("chat.empty")}</p>
        ) : (
          <ol className="messages__list">
            {messages.map((m) => (
              <MessageItem key={m.key} message={m} />
            ))}
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
    </div>
  );
}

/** One line; view models are stable per line, so unchanged lines skip rendering. */
const MessageItem = memo(function MessageItem({ message }: { message: MessageView }) {
  const t = useT();
  const intl = useIntl();
  if (message.kind === "gap") {
    return <li className="messages__gap">{t(message.text.id, message.text.values)}</li>;
  }
  const classes = [
    "msg",
    message.mine ? "msg--mine" : "msg--other",
    message.teacher ? "msg--teacher" : "",
    message.status === "sending" ? "msg--sending" : "",
    message.status === "refused" ? "msg--refused" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <li className={classes}>
      <div className="msg__meta">
        <span className="msg__sender" dir={message.mine ? undefined : "auto"}>
          {message.mine ? t("chat.you") : message.sender}
        </span>
        {message.teacher ? <span className="chip chip--teacher">{t("common.teacher")}</span> : null}
        {message.status === "sent" && message.dateTime ? (
          <time className="msg__time" dateTime={message.dateTime}>
            {formatTime(message.dateTime, intl.locale)}
          </time>
        ) : null}
      </div>
      <p className="msg__bubble" dir="auto">
        {message.text}
      </p>
      {message.status === "sending" ? <p className="msg__status">{t("chat.sending")}</p> : null}
      {message.status === "refused" && message.reason ? (
        <p className="msg__status msg__status--refused">
          {t("chat.notSent", { reason: t(message.reason.id, message.reason.values) })}
        </p>
      ) : null}
    </li>
  );
});
