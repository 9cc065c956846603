// The class's earlier polls, newest first, each a disclosure with its
// results: for students the ones the teacher showed (and whether they were
// right), for the teacher all of them (with a way to show a poll's results
// to the class later). Renders nothing before there is an earlier poll.

import { useId, useState } from "react";
import { useLocale, useSay, useT } from "../i18n/I18n";
import type { PastPollView } from "../state/pollView";
import { formatTime } from "../state/view";
import { CheckIcon, CrossIcon, ResultBars, TextAnswers } from "./PollResults";
import "./Polls.css";

export interface PastPollsProps {
  polls: PastPollView[];
  /** Teacher: show a closed poll's results to the class. */
  onReveal?(poll: string): Promise<void> | void;
}

export function PastPolls({ polls, onReveal }: PastPollsProps) {
  const t = useT();
  const id = useId();
  if (polls.length === 0) return null;
  return (
    <section className="past-polls" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="past-polls__title">
        {t("polls.pastTitle", { count: polls.length })}
      </h2>
      <ul className="past-polls__list">
        {polls.map((poll) => (
          <li key={poll.id}>
            <PastPoll poll={poll} onReveal={onReveal} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PastPoll({ poll, onReveal }: { poll: PastPollView; onReveal: PastPollsProps["onReveal"] }) {
  const t = useT();
  const say = useSay();
  const { locale } = useLocale();
  const [revealing, setRevealing] = useState(false);
  const time = formatTime(poll.openedAt, locale);

  const reveal = async () => {
    if (!onReveal) return;
    setRevealing(true);
    try {
      await onReveal(poll.id);
    } finally {
      setRevealing(false);
    }
  };

  return (
    <details className="past-poll">
      <summary className="past-poll__summary">
        <span className="past-poll__number">
          {t("polls.pastNumber", { number: poll.number })}
          {time ? (
            <>
              {" · "}
              <time dateTime={poll.openedAt}>{time}</time>
            </>
          ) : null}
        </span>
        <span className="past-poll__question" dir="auto">
          {poll.question}
        </span>
        <span className={`chip poll-status poll-status--${poll.status}`}>{say(poll.statusText)}</span>
        {poll.right === true ? (
          <span className="poll-mark poll-mark--right">
            <CheckIcon />
            {t("polls.pastRight")}
          </span>
        ) : poll.right === false ? (
          <span className="poll-mark poll-mark--wrong">
            <CrossIcon />
            {t("polls.pastWrong")}
          </span>
        ) : null}
      </summary>
      <div className="past-poll__body">
        {poll.results ? (
          <>
            <p className="poll__meta">
              <span className="poll__answered">{say(poll.results.answered)}</span>
            </p>
            {poll.kind === "text" ? <TextAnswers words={poll.results.words} /> : <ResultBars bars={poll.results.bars} />}
          </>
        ) : (
          <p className="poll-empty">{t("polls.pastNoResults")}</p>
        )}
        {poll.canReveal && onReveal ? (
          <div className="poll__actions">
            <button type="button" className="button button--secondary" disabled={revealing} onClick={() => void reveal()}>
              {t(revealing ? "polls.revealing" : "polls.reveal")}
            </button>
          </div>
        ) : null}
      </div>
    </details>
  );
}
