// Private questions, the chat panel's Questions tab: a student asks the
// teacher alone and reads the answers; the teacher reads every student's,
// those waiting first, answers each privately or for everyone (naming the
// student only when asked to), and chooses whether students may ask. Also
// the quote of a question above the chat message answering it for everyone.
// Renders views and reports intents; it knows nothing of the protocol.

import { type ReactNode, useId, useState } from "react";
import { useIntl } from "react-intl";
import type { RulesChange } from "../api";
import { useSay, useT } from "../i18n/I18n";
import type {
  AnswerView,
  QuestionsView,
  StudentQuestionsView,
  TeacherQuestionsView,
  ThreadView,
} from "../state/questionsView";
import { type QuoteView, formatTime, messageLength } from "../state/view";
import "./Questions.css";

/** The question a chat message answers for everyone, above its text. */
export function QuestionQuote({ quote }: { quote: QuoteView }) {
  const t = useT();
  return (
    <blockquote className="msg__quote">
      <p>
        <span className="msg__quote-label">{t("questions.quoteLabel")}</span>{" "}
        <span dir="auto">{quote.text}</span>
      </p>
      {quote.name !== null ? (
        <p className="msg__quote-by">
          <bdi>{t("questions.quoteBy", { name: quote.name })}</bdi>
        </p>
      ) : null}
    </blockquote>
  );
}

export interface QuestionsPanelProps {
  view: QuestionsView;
  /** Student: asks the teacher privately. */
  onAsk(text: string): Promise<void> | void;
  /** Teacher: answers a question privately or (`isPublic`) for everyone. */
  onAnswer(question: string, text: string, isPublic: boolean, showName: boolean): Promise<void> | void;
  /** Teacher: lets students ask, or not (`questions_off`). */
  onRules(change: RulesChange): Promise<void> | void;
}

/** The Questions tab's contents, for the student or the teacher. */
export function QuestionsPanel({ view, onAsk, onAnswer, onRules }: QuestionsPanelProps) {
  return view.role === "student" ? (
    <StudentQuestions view={view} onAsk={onAsk} />
  ) : (
    <TeacherQuestions view={view} onAnswer={onAnswer} onRules={onRules} />
  );
}

/** The counter shows once fewer than this many characters are left. */
function counterThreshold(max: number): number {
  return Math.max(20, Math.floor(max * 0.1));
}

/** How long a draft is against the limit: the counter (when near it) and whether it is over. */
function useLength(draft: string, max: number): { length: number; over: boolean; counter: string | null } {
  const t = useT();
  const intl = useIntl();
  const length = messageLength(draft);
  const over = length > max;
  const near = max - length < counterThreshold(max);
  const counter = over
    ? t("questions.tooLongBy", { over: length - max })
    : near
      ? `${intl.formatNumber(length)} / ${intl.formatNumber(max)}`
      : null;
  return { length, over, counter };
}

function StudentQuestions({ view, onAsk }: { view: StudentQuestionsView; onAsk(text: string): Promise<void> | void }) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const [draft, setDraft] = useState("");
  const { length, over, counter } = useLength(draft, view.maxChars);
  const canSubmit = view.canAsk && length > 0 && !over;
  const describedBy = [`${id}-intro`, view.reason !== null ? `${id}-reason` : "", counter !== null ? `${id}-count` : ""]
    .filter(Boolean)
    .join(" ");

  return (
    <div className="questions">
      <section className="questions__ask" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`} className="questions__title">
          {t("questions.title")}
        </h3>
        <p id={`${id}-intro`} className="questions__intro">
          {t("questions.studentIntro")}
        </p>
        {view.reason !== null ? (
          <p id={`${id}-reason`} className="questions__reason">
            {say(view.reason)}
          </p>
        ) : null}
        <form
          className="questions__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!canSubmit) return;
            void onAsk(draft.trim());
            setDraft("");
          }}
        >
          <label className="questions__label" htmlFor={`${id}-input`}>
            {t("questions.yourQuestion")}
          </label>
          <textarea
            id={`${id}-input`}
            className="questions__input"
            rows={3}
            value={draft}
            dir="auto"
            disabled={!view.canAsk}
            aria-describedby={describedBy}
            aria-invalid={over}
            onChange={(event) => setDraft(event.target.value)}
          />
          <div className="questions__row">
            {counter !== null ? (
              <span id={`${id}-count`} className={over ? "questions__counter questions__counter--over" : "questions__counter"}>
                {counter}
              </span>
            ) : null}
            <button type="submit" className="button button--primary button--small" disabled={!canSubmit}>
              {t("questions.ask")}
            </button>
          </div>
        </form>
      </section>
      <section className="questions__list-section" aria-labelledby={`${id}-yours`}>
        <h3 id={`${id}-yours`} className="questions__title">
          {t("questions.yours")}
        </h3>
        {view.threads.length === 0 ? (
          <p className="questions__none">{t("questions.noneYours")}</p>
        ) : (
          <ol className="questions__list">
            {view.threads.map((thread) => (
              <li key={thread.key} className="question">
                <QuestionText thread={thread} />
                <StudentAnswers thread={thread} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** A question's text, its time, and whether it is on its way or was refused. */
function QuestionText({ thread, who }: { thread: ThreadView; who?: ReactNode }) {
  const t = useT();
  const say = useSay();
  const intl = useIntl();
  return (
    <div className={`question__ask question__ask--${thread.status}`}>
      {who !== undefined || thread.dateTime ? (
        <p className="question__meta">
          {who}
          {thread.dateTime ? (
            <time className="question__time" dateTime={thread.dateTime}>
              {formatTime(thread.dateTime, intl.locale)}
            </time>
          ) : null}
        </p>
      ) : null}
      <p className="question__text" dir="auto">
        {thread.text}
      </p>
      {thread.status === "sending" ? <p className="question__status">{t("questions.sending")}</p> : null}
      {thread.status === "refused" && thread.reason ? (
        <p className="question__status question__status--refused">
          {t("questions.notSent", { reason: say(thread.reason) ?? "" })}
        </p>
      ) : null}
    </div>
  );
}

function StudentAnswers({ thread }: { thread: ThreadView }) {
  const t = useT();
  if (thread.status !== "sent") return null;
  if (thread.answers.length === 0) return <p className="question__waiting">{t("questions.waiting")}</p>;
  return (
    <ul className="question__answers">
      {thread.answers.map((answer) => (
        <li key={answer.key} className={`answer${answer.public ? " answer--public" : ""}`}>
          <p className="answer__label">{t(answer.public ? "questions.answerPublic" : "questions.answerPrivate")}</p>
          <p className="answer__text" dir="auto">
            {answer.text}
          </p>
        </li>
      ))}
    </ul>
  );
}

interface TeacherQuestionsProps {
  view: TeacherQuestionsView;
  onAnswer: QuestionsPanelProps["onAnswer"];
  onRules: QuestionsPanelProps["onRules"];
}

function TeacherQuestions({ view, onAnswer, onRules }: TeacherQuestionsProps) {
  const t = useT();
  const id = useId();
  const waiting = view.threads.filter((thread) => !thread.answered);
  const answered = view.threads.filter((thread) => thread.answered);
  return (
    <div className="questions">
      <div className="questions__switch">
        <label className="questions__allow">
          <input
            type="checkbox"
            checked={view.open}
            disabled={view.disabled}
            aria-describedby={`${id}-allow`}
            onChange={(event) => void onRules({ questions_off: !event.target.checked })}
          />
          {t("questions.allow")}
        </label>
        <p id={`${id}-allow`} className="questions__hint">
          {t("questions.allowHint")}
        </p>
      </div>
      {view.threads.length === 0 ? <p className="questions__none">{t("questions.noneTeacher")}</p> : null}
      {waiting.length > 0 ? (
        <ThreadGroup title={t("questions.unanswered", { count: waiting.length })}>
          {waiting.map((thread) => (
            <TeacherThread key={thread.key} thread={thread} view={view} onAnswer={onAnswer} />
          ))}
        </ThreadGroup>
      ) : null}
      {answered.length > 0 ? (
        <ThreadGroup title={t("questions.answered", { count: answered.length })}>
          {answered.map((thread) => (
            <TeacherThread key={thread.key} thread={thread} view={view} onAnswer={onAnswer} />
          ))}
        </ThreadGroup>
      ) : null}
      {view.earlier > 0 ? <p className="questions__earlier">{t("questions.earlier", { count: view.earlier })}</p> : null}
    </div>
  );
}

function ThreadGroup({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="questions__group" aria-labelledby={id}>
      <h3 id={id} className="questions__title">
        {title}
      </h3>
      <ol className="questions__list">{children}</ol>
    </section>
  );
}

function TeacherThread({ thread, view, onAnswer }: { thread: ThreadView; view: TeacherQuestionsView } & Pick<TeacherQuestionsProps, "onAnswer">) {
  const t = useT();
  const id = useId();
  // An answered question's form opens on request.
  const [answering, setAnswering] = useState(false);
  const showForm = !thread.answered || answering;
  return (
    <li className="question">
      <article aria-labelledby={`${id}-from`}>
        <QuestionText
          thread={thread}
          who={
            <bdi id={`${id}-from`} className="question__asker">
              <span className="visually-hidden">{t("questions.from", { name: thread.asker })}</span>
              <span aria-hidden="true">{thread.asker}</span>
            </bdi>
          }
        />
        {thread.answers.length > 0 ? (
          <ul className="question__answers">
            {thread.answers.map((answer) => (
              <TeacherAnswer key={answer.key} answer={answer} />
            ))}
          </ul>
        ) : null}
        {thread.full ? (
          <p className="question__full">{t("questions.maxAnswers")}</p>
        ) : showForm && thread.id !== null ? (
          <AnswerForm question={thread.id} disabled={!thread.canAnswer} maxChars={view.maxChars} onAnswer={onAnswer} />
        ) : (
          <button type="button" className="button button--secondary button--small" onClick={() => setAnswering(true)}>
            {t("questions.answerAgain")}
          </button>
        )}
      </article>
    </li>
  );
}

function TeacherAnswer({ answer }: { answer: AnswerView }) {
  const t = useT();
  const say = useSay();
  const intl = useIntl();
  return (
    <li className={`answer${answer.public ? " answer--public" : ""} answer--${answer.status}`}>
      <p className="answer__meta">
        <span className="answer__mark">{t(answer.public ? "questions.markPublic" : "questions.markPrivate")}</span>
        {answer.dateTime ? (
          <time className="question__time" dateTime={answer.dateTime}>
            {formatTime(answer.dateTime, intl.locale)}
          </time>
        ) : null}
      </p>
      <p className="answer__text" dir="auto">
        {answer.text}
      </p>
      {answer.status === "sending" ? <p className="question__status">{t("questions.sending")}</p> : null}
      {answer.status === "refused" && answer.reason ? (
        <p className="question__status question__status--refused">
          {t("questions.notSent", { reason: say(answer.reason) ?? "" })}
        </p>
      ) : null}
    </li>
  );
}

interface AnswerFormProps {
  question: string;
  disabled: boolean;
  maxChars: number;
  onAnswer: QuestionsPanelProps["onAnswer"];
}

function AnswerForm({ question, disabled, maxChars, onAnswer }: AnswerFormProps) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [showName, setShowName] = useState(false);
  const { length, over, counter } = useLength(draft, maxChars);
  const canSubmit = !disabled && length > 0 && !over;
  const send = (isPublic: boolean) => {
    if (!canSubmit) return;
    void onAnswer(question, draft.trim(), isPublic, isPublic && showName);
    setDraft("");
  };
  return (
    <form
      className="questions__form answer-form"
      onSubmit={(event) => {
        event.preventDefault();
        send(false);
      }}
    >
      <label className="questions__label" htmlFor={`${id}-input`}>
        {t("questions.yourAnswer")}
      </label>
      <textarea
        id={`${id}-input`}
        className="questions__input"
        rows={2}
        value={draft}
        dir="auto"
        disabled={disabled}
        aria-describedby={counter !== null ? `${id}-count` : undefined}
        aria-invalid={over}
        onChange={(event) => setDraft(event.target.value)}
      />
      {counter !== null ? (
        <span id={`${id}-count`} className={over ? "questions__counter questions__counter--over" : "questions__counter"}>
          {counter}
        </span>
      ) : null}
      <label className="answer-form__name">
        <input
          type="checkbox"
          checked={showName}
          disabled={disabled}
          aria-describedby={`${id}-name`}
          onChange={(event) => setShowName(event.target.checked)}
        />
        {t("questions.showName")}
      </label>
      <p id={`${id}-name`} className="questions__hint">
        {t("questions.showNameHint")}
      </p>
      <div className="questions__row">
        <button type="submit" className="button button--secondary button--small" disabled={!canSubmit}>
          {t("questions.answerPrivately")}
        </button>
        <button type="button" className="button button--primary button--small" disabled={!canSubmit} onClick={() => send(true)}>
          {t("questions.answerPublicly")}
        </button>
      </div>
    </form>
  );
}
