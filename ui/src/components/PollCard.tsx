// The student's poll card: the question and a way to answer it (one click
// on an option; tick options then Send; or a short text), how the answer
// stands ("Sending…", "Answer sent"), the time left, and once the teacher
// shows the results, the results with the correct option marked and
// whether this student was right. Nothing of others' answers shows before.
// A polite live region, mounted even without a poll, tells screen readers
// when a poll opens, closes and shows its results.

import { type FormEvent, useId, useState } from "react";
import { useIntl } from "react-intl";
import type { PollAnswer } from "../api";
import { useSay, useT } from "../i18n/I18n";
import { type StudentPollView, answerTextError, choiceAnswer, oneLine, textAnswer } from "../state/pollView";
import { type Text, text } from "../i18n";
import { CheckIcon, CrossIcon, PollTags, ResultBars, TextAnswers } from "./PollResults";
import "./Polls.css";

export interface PollCardProps {
  /** The class's current poll, or null (only the live region is rendered). */
  poll: StudentPollView | null;
  /** Longest short answer, in characters (the class's `max_answer_chars`). */
  maxAnswerChars: number;
  /** The student answered (or changed the answer). */
  onAnswer(poll: string, answer: PollAnswer): Promise<void> | void;
  /** Whether this card tells screen readers of the poll (false for a second
   * copy, such as the one in the chat popup, so nothing is said twice). */
  announce?: boolean;
}

export function PollCard({ poll, maxAnswerChars, onAnswer, announce = true }: PollCardProps) {
  const say = useSay();
  return (
    <>
      {announce ? (
        <div className="visually-hidden" aria-live="polite" aria-atomic="true">
          {poll ? say(poll.announcement) : ""}
        </div>
      ) : null}
      {poll ? <Card poll={poll} maxAnswerChars={maxAnswerChars} onAnswer={onAnswer} /> : null}
    </>
  );
}

function Card({ poll, maxAnswerChars, onAnswer }: { poll: StudentPollView } & Omit<PollCardProps, "poll">) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const answer = (value: PollAnswer) => void onAnswer(poll.id, value);
  return (
    <section className={`poll poll--student poll--${poll.status}`} aria-labelledby={`${id}-question`}>
      <header className="poll__head">
        <p className="poll__eyebrow">
          <span className="eyebrow">{t("polls.eyebrowStudent")}</span>
          {poll.timeLeft ? (
            <span className="poll__timer" role="timer">
              {say(poll.timeLeft)}
            </span>
          ) : null}
        </p>
        <h2 id={`${id}-question`} className="poll__question" dir="auto">
          {poll.question}
        </h2>
        <PollTags tags={poll.tags} />
      </header>

      {poll.results ? (
        <Revealed poll={poll} />
      ) : poll.kind === "single" ? (
        <SingleChoice key={poll.id} poll={poll} onAnswer={answer} />
      ) : poll.kind === "multi" ? (
        <MultiChoice key={poll.id} poll={poll} onAnswer={answer} />
      ) : (
        <ShortAnswer key={poll.id} poll={poll} maxChars={maxAnswerChars} onAnswer={answer} />
      )}

      <p className={`poll__status poll__status--${poll.answer}`} role="status">
        {poll.answer === "sending" ? <span className="spinner" aria-hidden="true" /> : null}
        {poll.answer === "sent" ? <CheckIcon /> : null}
        {say(poll.statusText)}
      </p>
    </section>
  );
}

interface AnswerProps {
  poll: StudentPollView;
  onAnswer(answer: PollAnswer): void;
}

/** One click answers: each option is a button (arrow keys never send by accident). */
function SingleChoice({ poll, onAnswer }: AnswerProps) {
  const say = useSay();
  const chosen = poll.chosen?.choices ?? [];
  return (
    <fieldset className="poll-answer" disabled={!poll.canAnswer}>
      <legend className="poll-answer__legend">{say(poll.instruction)}</legend>
      <div className="poll-options">
        {poll.options.map((label, index) => {
          const pressed = chosen.includes(index);
          return (
            <button
              key={index}
              type="button"
              className="poll-option"
              aria-pressed={pressed}
              onClick={() => {
                if (!pressed) onAnswer(choiceAnswer([index]));
              }}
            >
              <span className="poll-option__label" dir="auto">
                {label}
              </span>
              {pressed ? <CheckIcon className="poll-option__check" /> : null}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Tick options, then Send. */
function MultiChoice({ poll, onAnswer }: AnswerProps) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const [picked, setPicked] = useState<number[]>(() => poll.chosen?.choices ?? []);
  const [error, setError] = useState<Text | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (picked.length === 0) {
      setError(text("polls.errorChooseOne"));
      return;
    }
    setError(null);
    onAnswer(choiceAnswer(picked));
  };
  return (
    <form className="poll-form" onSubmit={submit} noValidate>
      <fieldset
        className="poll-answer"
        disabled={!poll.canAnswer}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <legend className="poll-answer__legend">{say(poll.instruction)}</legend>
        <div className="poll-options">
          {poll.options.map((label, index) => (
            <label key={index} className="poll-option poll-option--check">
              <input
                type="checkbox"
                checked={picked.includes(index)}
                onChange={(e) => {
                  setError(null);
                  setPicked((now) => (e.target.checked ? [...now, index] : now.filter((i) => i !== index)));
                }}
              />
              <span className="poll-option__label" dir="auto">
                {label}
              </span>
            </label>
          ))}
        </div>
        {error ? (
          <p id={`${id}-error`} className="field__error">
            {say(error)}
          </p>
        ) : null}
        <div className="poll__actions">
          <button type="submit" className="button button--primary">
            {t(poll.answer === "sent" ? "polls.change" : "polls.send")}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** A short text, then Send. */
function ShortAnswer({ poll, maxChars, onAnswer }: AnswerProps & { maxChars: number }) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const [value, setValue] = useState(() => poll.chosen?.text ?? "");
  const [error, setError] = useState<Text | null>(null);
  const used = [...oneLine(value)].length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = answerTextError(value, maxChars);
    setError(problem);
    if (problem === null) onAnswer(textAnswer(value));
  };
  const described = [`${id}-counter`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <form className="poll-form" onSubmit={submit} noValidate>
      <fieldset className="poll-answer" disabled={!poll.canAnswer}>
        <legend className="poll-answer__legend">{say(poll.instruction)}</legend>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-text`}>
            {t("polls.answerLabel")}
          </label>
          <div className="poll-text-row">
            <input
              id={`${id}-text`}
              className="field__input poll-text-row__input"
              value={value}
              dir="auto"
              autoComplete="off"
              placeholder={t("polls.answerPlaceholder")}
              aria-invalid={error ? true : undefined}
              aria-describedby={described}
              onChange={(e) => {
                setValue(e.target.value);
                if (error) setError(answerTextError(e.target.value, maxChars));
              }}
            />
            <button type="submit" className="button button--primary">
              {t(poll.answer === "sent" ? "polls.change" : "polls.send")}
            </button>
          </div>
          <p
            id={`${id}-counter`}
            className={`field__hint poll-counter${used > maxChars ? " poll-counter--over" : ""}`}
          >
            {t("polls.counter", { count: used, max: maxChars })}
          </p>
          {error ? (
            <p id={`${id}-error`} className="field__error">
              {say(error)}
            </p>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}

/** The results the teacher showed, with the correct options and this student's answer marked. */
function Revealed({ poll }: { poll: StudentPollView }) {
  const t = useT();
  const say = useSay();
  const intl = useIntl();
  const results = poll.results;
  if (!results) return null;
  const mine = poll.chosen?.text;
  return (
    <div className="poll-revealed">
      {poll.right === true ? (
        <p className="poll-verdict poll-verdict--right">
          <CheckIcon />
          {t("polls.right")}
        </p>
      ) : poll.right === false ? (
        <p className="poll-verdict poll-verdict--wrong">
          <CrossIcon />
          {t("polls.wrong", { answers: intl.formatList(results.correct, { type: "conjunction" }) })}
        </p>
      ) : null}
      {poll.kind === "text" && mine ? (
        <p className="poll__note">
          {t("polls.youWrote")} <bdi>{mine}</bdi>
        </p>
      ) : null}
      <p className="poll__meta">
        <span className="poll__answered">{say(results.answered)}</span>
      </p>
      {poll.kind === "text" ? <TextAnswers words={results.words} /> : <ResultBars bars={results.bars} />}
    </div>
  );
}
