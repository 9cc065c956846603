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

import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useIntl } from "react-intl";
import { useT } from "../i18n/I18n";
import { type MessageActionsView, NO_ACTIONS } from "../state/messageEditsView";
import type { Reaction } from "../state/reactions";
import type { ReactionsView } from "../state/reactionsView";
import { type EarlierView, type MessageView, formatTime } from "../state/view";
import { ConfirmDialog } from "./ConfirmDialog";
import { AddReactionIcon, ArrowDownIcon, PinIcon, TrashIcon } from "./icons";
import { QuestionQuote } from "./Questions";
import { ReactionChips, ReactionPicker } from "./Reactions";
import "./MessageEdits.css";

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
  /** What this user may do with each line, by its key (`messageActions`); none without. */
  actions?: Record<string, MessageActionsView>;
  /** Deletes the message `seq` for everyone (asked after the confirmation). */
  onDelete?(seq: number): Promise<void> | void;
  /** Pins the message `seq`, or unpins (null). */
  onPin?(seq: number | null): Promise<void> | void;
  /** Each line's reactions, by its key (`messageReactions`); none without. */
  reactions?: Record<string, ReactionsView>;
  /** Adds (`on`) or takes back this user's reaction on the message `seq`. */
  onReact?(seq: number, emoji: Reaction, on: boolean): Promise<void> | void;
}

type Line = Extract<MessageView, { kind: "message" }>;

export function MessageList(props: MessageListProps) {
  const { messages, unread, atBottom, earlier, onScrolled, onLoadEarlier, actions } = props;
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

  // Reactions came to a line, or went: its height changed. A reader at the
  // bottom stays there (the newest message's first reaction shows); one
  // reading higher up is left where they are.
  const chips = Object.values(props.reactions ?? {}).reduce((n, r) => n + r.chips.length, 0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (stuck.current) el.scrollTop = el.scrollHeight;
    laidOutHeight.current = el.scrollHeight;
  }, [chips]);

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

  // The line whose deletion is being confirmed (by key: it goes if the
  // message is removed meanwhile).
  const [deleting, setDeleting] = useState<string | null>(null);
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
              <MessageItem
                key={m.key}
                message={m}
                actions={actions?.[m.key] ?? NO_ACTIONS}
                reactions={props.reactions?.[m.key]}
                onAskDelete={askDelete}
                onPin={pin}
                onReact={react}
              />
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
  actions: MessageActionsView;
  /** Its reactions, and whether this user may react; none for a line without. */
  reactions: ReactionsView | undefined;
  /** Asks to confirm deleting the line with this key. */
  onAskDelete(key: string): void;
  onPin(seq: number | null): void;
  onReact(seq: number, emoji: Reaction, on: boolean): void;
}

/** One line; view models and actions are stable per line, so unchanged lines skip rendering. */
const MessageItem = memo(function MessageItem({ message, actions, reactions, onAskDelete, onPin, onReact }: MessageItemProps) {
  const t = useT();
  const intl = useIntl();
  const pickerId = useId();
  const item = useRef<HTMLLIElement>(null);
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

  if (message.kind === "gap") {
    return <li className="messages__gap">{t(message.text.id, message.text.values)}</li>;
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
      ref={item}
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
            {formatTime(message.dateTime, intl.locale)}
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
