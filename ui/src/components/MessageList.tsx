// The chat's lines. Follows the newest message only while the reader is at
// the bottom; a reader who scrolled up gets a "New messages" pill instead of
// being yanked down.

import { memo, useEffect, useLayoutEffect, useRef } from "react";
import type { MessageView } from "../state/view";
import { ArrowDownIcon } from "./icons";

/** How close to the bottom (px) still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 32;

export interface MessageListProps {
  messages: MessageView[];
  /** Unread messages from others (shown on the pill). */
  unread: number;
  atBottom: boolean;
  onScrolled(atBottom: boolean): void;
}

export function MessageList({ messages, unread, atBottom, onScrolled }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the reader was at the bottom before the latest change; kept in a
  // ref because it must be read in the layout effect before any scroll event.
  const stuck = useRef(true);
  const newestKey = useRef<string | null>(null);

  const scrollToBottom = () => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    stuck.current = true;
  };

  useLayoutEffect(() => {
    const newest = messages[messages.length - 1];
    const ownNew = newest !== undefined && newest.kind === "message" && newest.mine && newest.key !== newestKey.current;
    newestKey.current = newest?.key ?? null;
    // Follow when already at the bottom, and always after sending.
    if (stuck.current || ownNew) scrollToBottom();
  }, [messages]);

  // Keep the bottom in view when the list's own height changes (the composer grows).
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (stuck.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    stuck.current = bottom;
    if (bottom !== atBottom) onScrolled(bottom);
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
        aria-label="Messages"
      >
        {messages.length === 0 ? (
          <p className="messages__empty">No messages yet. Start the conversation!</p>
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
          {unread === 1 ? "1 new message" : `${unread} new messages`}
        </button>
      ) : null}
    </div>
  );
}

/** One line; view models are stable per line, so unchanged lines skip rendering. */
const MessageItem = memo(function MessageItem({ message }: { message: MessageView }) {
  if (message.kind === "gap") {
    return <li className="messages__gap">{message.text}</li>;
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
        <span className="msg__sender">{message.sender}</span>
        {message.teacher ? <span className="chip chip--teacher">Teacher</span> : null}
        {message.status === "sent" && message.time ? (
          <time className="msg__time" dateTime={message.dateTime}>
            {message.time}
          </time>
        ) : null}
      </div>
      <p className="msg__bubble">{message.text}</p>
      {message.status === "sending" ? <p className="msg__status">Sending…</p> : null}
      {message.status === "refused" ? (
        <p className="msg__status msg__status--refused">Not sent: {message.reason}</p>
      ) : null}
    </li>
  );
});
