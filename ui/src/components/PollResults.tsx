// The teacher's poll while it runs and after: the question, how many have
// answered, the time left, live bars with counts and percentages (or, for a
// short-answer poll, a word cloud and the list of answers, each of which
// can be hidden), and the Close and Show results buttons. Also the pieces
// every poll screen shares: the bars, the text answers, the correct mark.
// Renders view models from state/pollView and reports intents.

import { useId, useState } from "react";
import { useSay, useT } from "../i18n/I18n";
import type { PollBar, TeacherPollView, WordView } from "../state/pollView";
import type { Text } from "../i18n";
import { ConfirmDialog } from "./ConfirmDialog";
import "./Polls.css";

export function CheckIcon({ className }: { className?: string }) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M9.5 16.2 4.8 11.5l-1.4 1.4 6.1 6.1L20.6 7.9l-1.4-1.4-9.7 9.7Z" />
    </svg>
  );
}

export function CrossIcon({ className }: { className?: string }) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4 6.4 5Z"
      />
    </svg>
  );
}

/** A choice poll's results: one bar per option, with its count and share in words. */
export function ResultBars({ bars }: { bars: PollBar[] }) {
  const t = useT();
  const say = useSay();
  return (
    <ul className="poll-bars" aria-label={t("polls.resultsLabel")}>
      {bars.map((bar) => (
        <li
          key={bar.index}
          className={`poll-bar${bar.correct ? " poll-bar--correct" : ""}${bar.mine ? " poll-bar--mine" : ""}`}
        >
          <div className="poll-bar__head">
            <span className="poll-bar__label" dir="auto">
              {bar.label}
            </span>
            {bar.correct ? (
              <span className="poll-mark poll-mark--correct">
                <CheckIcon />
                {t("polls.correctMark")}
              </span>
            ) : null}
            {bar.mine ? <span className="poll-mark poll-mark--mine">{t("polls.yourAnswer")}</span> : null}
            <span className="poll-bar__value">{say(bar.value)}</span>
          </div>
          {/* A drawing of the share (its value is in words above); an SVG
              width, not a style: the app's CSP allows no inline styles. */}
          <svg className="poll-bar__track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect className="poll-bar__rail" width="100" height="10" />
            <rect className="poll-bar__fill" width={bar.percent} height="10" />
          </svg>
        </li>
      ))}
    </ul>
  );
}

export interface TextAnswersProps {
  words: WordView[];
  /** Teacher: leave an answer out of the results (asks first). */
  onHide?(text: string): void;
}

/** A short-answer poll's results: a word cloud (for the eye) and the list (for everyone). */
export function TextAnswers({ words, onHide }: TextAnswersProps) {
  const t = useT();
  const say = useSay();
  if (words.length === 0) return <p className="poll-empty">{t("polls.noAnswersYet")}</p>;
  return (
    <div className="poll-words">
      <p className="poll-cloud" aria-hidden="true">
        {words.map((word) => (
          <span
            key={word.text}
            className={`poll-cloud__word poll-cloud__word--${word.size}${word.mine ? " poll-cloud__word--mine" : ""}`}
            dir="auto"
          >
            {word.text}
          </span>
        ))}
      </p>
      <ul className="poll-texts" aria-label={t("polls.answersList")}>
        {words.map((word) => (
          <li key={word.text} className="poll-text">
            <span className="poll-text__text" dir="auto">
              {word.text}
            </span>
            {word.mine ? <span className="poll-mark poll-mark--mine">{t("polls.yourAnswer")}</span> : null}
            <span className="poll-text__count">{say(word.value)}</span>
            {onHide ? (
              <button
                type="button"
                className="button button--subtle button--small poll-text__hide"
                aria-label={t("polls.hideLabel", { text: word.text })}
                onClick={() => onHide(word.text)}
              >
                {t("polls.hide")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Small tags: the kind of poll and its settings. */
export function PollTags({ tags }: { tags: Text[] }) {
  const say = useSay();
  return (
    <ul className="poll__tags">
      {tags.map((tag) => (
        <li key={tag.id} className="chip poll-tag">
          {say(tag)}
        </li>
      ))}
    </ul>
  );
}

export interface PollResultsProps {
  poll: TeacherPollView;
  /** Stop taking answers. */
  onClose(poll: string): Promise<void> | void;
  /** Show the results to the class (closes the poll first if it is open). */
  onReveal(poll: string): Promise<void> | void;
  /** Leave a short answer out of the results, for everyone. */
  onHide(poll: string, text: string): Promise<void> | void;
}

export function PollResults({ poll, onClose, onReveal, onHide }: PollResultsProps) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const [busy, setBusy] = useState<"close" | "reveal" | null>(null);
  const [hiding, setHiding] = useState<string | null>(null);

  const act = async (what: "close" | "reveal") => {
    setBusy(what);
    try {
      await (what === "close" ? onClose(poll.id) : onReveal(poll.id));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className={`poll poll--teacher poll--${poll.status}`} aria-labelledby={`${id}-question`}>
      <header className="poll__head">
        <p className="poll__eyebrow">
          <span className="eyebrow">{t("polls.eyebrow")}</span>
          <span className={`chip poll-status poll-status--${poll.status}`}>{say(poll.statusText)}</span>
        </p>
        <h2 id={`${id}-question`} className="poll__question" dir="auto">
          {poll.question}
        </h2>
        <PollTags tags={poll.tags} />
      </header>

      <p className="poll__meta">
        <span className="poll__answered">{say(poll.results.answered)}</span>
        {poll.timeLeft ? (
          <span className="poll__timer" role="timer">
            {say(poll.timeLeft)}
          </span>
        ) : null}
      </p>
      {poll.anonymous ? <p className="poll__note">{t("polls.anonymousNote")}</p> : null}

      {poll.kind === "text" ? (
        <TextAnswers words={poll.results.words} onHide={poll.canHide ? setHiding : undefined} />
      ) : (
        <ResultBars bars={poll.results.bars} />
      )}

      {poll.canClose || poll.canReveal ? (
        <div className="poll__actions">
          {poll.canClose ? (
            <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void act("close")}>
              {t(busy === "close" ? "polls.closing" : "polls.close")}
            </button>
          ) : null}
          {poll.canReveal ? (
            <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void act("reveal")}>
              {t(busy === "reveal" ? "polls.revealing" : "polls.reveal")}
            </button>
          ) : null}
        </div>
      ) : null}

      {hiding !== null ? (
        <ConfirmDialog
          title={t("polls.hideTitle")}
          confirmLabel={t("polls.hideConfirm")}
          danger
          onCancel={() => setHiding(null)}
          onConfirm={() => {
            void onHide(poll.id, hiding);
            setHiding(null);
          }}
        >
          <p>{t("polls.hideBody", { text: hiding })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
