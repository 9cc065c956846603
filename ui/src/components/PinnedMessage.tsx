// The pinned message, in a bar at the top of the chat for everyone: who
// sent it and its text, clamped to two lines (Show more gives the rest; the
// whole text is always in the page for screen readers, and in the tooltip),
// and the teacher's Unpin. Renders the view and reports the intent.

import { useEffect, useId, useRef, useState } from "react";
import { useT } from "../i18n/I18n";
import type { PinnedView } from "../state/messageEditsView";
import { PinIcon } from "./icons";
import "./MessageEdits.css";

export interface PinnedMessageProps {
  pinned: PinnedView;
  /** Teacher: unpins it. */
  onUnpin(): Promise<void> | void;
}

/** Keyed by the pinned message's `seq` where it is used: a new pin starts clamped. */
export function PinnedMessage({ pinned, onUnpin }: PinnedMessageProps) {
  const t = useT();
  const id = useId();
  const body = useRef<HTMLParagraphElement>(null);
  const [expanded, setExpanded] = useState(false);
  // Whether the clamped text hides some of it (then Show more is offered).
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const el = body.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (!el.classList.contains("pin-bar__text--expanded")) setOverflows(el.scrollHeight > el.clientHeight + 1);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <section className="pin-bar" aria-label={t("messages.pinnedRegion")}>
      <PinIcon className="pin-bar__icon" />
      <div className="pin-bar__main">
        <p className="pin-bar__head">
          <span className="pin-bar__label">{t("messages.pinned")}</span>
          <bdi className="pin-bar__sender">{pinned.mine ? t("chat.you") : pinned.sender}</bdi>
          {pinned.teacher ? <span className="chip chip--teacher">{t("common.teacher")}</span> : null}
        </p>
        <p
          ref={body}
          id={`${id}-text`}
          className={expanded ? "pin-bar__text pin-bar__text--expanded" : "pin-bar__text"}
          dir="auto"
          title={pinned.text}
          // Expanded, a long text scrolls: the keyboard can scroll it too.
          tabIndex={expanded ? 0 : undefined}
        >
          {pinned.text}
        </p>
        {overflows || expanded ? (
          <button
            type="button"
            className="pin-bar__more"
            aria-expanded={expanded}
            aria-controls={`${id}-text`}
            onClick={() => setExpanded(!expanded)}
          >
            {t(expanded ? "messages.showLess" : "messages.showMore")}
          </button>
        ) : null}
      </div>
      {pinned.unpin ? (
        <button
          type="button"
          className="button button--secondary button--small pin-bar__unpin"
          disabled={pinned.disabled}
          onClick={() => void onUnpin()}
        >
          {t("messages.unpin")}
        </button>
      ) : null}
    </section>
  );
}
