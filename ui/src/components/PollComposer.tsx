// The teacher's "New poll" dialog: the question; one choice, several
// choices or a short answer; the options (typed, or a preset in one click),
// which are correct (optional: a quiz); a timer; anonymity; whether answers
// may change. Checked as the hub checks (state/pollView), with each problem
// next to its field, before anything is sent. A modal (a Dialog): focus
// moves in (to the question), Tab stays inside, Escape cancels, and focus
// returns to where it was. Reports the `PollDraft` to open.

import { type FormEvent, useEffect, useId, useReducer, useRef, useState } from "react";
import type { PollDraft, PollKind } from "../api";
import { useSay, useT } from "../i18n/I18n";
import {
  MAX_POLL_SECONDS,
  MIN_POLL_OPTIONS,
  MIN_POLL_SECONDS,
  POLL_PRESETS,
  PRESET_LABELS,
  type PollLimits,
  canAddOption,
  canRemoveOption,
  emptyPollForm,
  hasErrors,
  oneLine,
  pollDraft,
  pollFormReducer,
  presetOptions,
  validatePollForm,
} from "../state/pollView";
import { Dialog } from "./Dialog";
import "./Polls.css";

export interface PollComposerProps {
  /** The class's limits (`pollLimits(state.limits)`). */
  limits: PollLimits;
  /** Why the last attempt failed (a refusal or a command error), worded; null when none. */
  error?: string | null;
  /** Open this poll. The dialog stays open (busy) until the promise settles; the parent closes it. */
  onSubmit(draft: PollDraft): Promise<void> | void;
  onCancel(): void;
}

const KINDS: readonly { kind: PollKind; label: "polls.kindSingle" | "polls.kindMulti" | "polls.kindText" }[] = [
  { kind: "single", label: "polls.kindSingle" },
  { kind: "multi", label: "polls.kindMulti" },
  { kind: "text", label: "polls.kindText" },
];

export function PollComposer({ limits, error = null, onSubmit, onCancel }: PollComposerProps) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const [form, dispatch] = useReducer(pollFormReducer, emptyPollForm);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const question = useRef<HTMLTextAreaElement>(null);
  const optionInputs = useRef<(HTMLInputElement | null)[]>([]);
  const seconds = useRef<HTMLInputElement>(null);
  const focusOption = useRef<number | null>(null);

  // Problems show once the teacher has tried to start the poll, then follow the typing.
  const errors = submitted ? validatePollForm(form, limits) : {};
  const choice = form.kind !== "text";

  // A new option row gets the cursor.
  useEffect(() => {
    if (focusOption.current === null) return;
    optionInputs.current[focusOption.current]?.focus();
    focusOption.current = null;
  }, [form.options.length]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = validatePollForm(form, limits);
    setSubmitted(true);
    if (hasErrors(found)) {
      // The cursor goes to the first field to fix.
      const row = Object.keys(found.option ?? {}).map(Number).sort((a, b) => a - b)[0];
      if (found.question) question.current?.focus();
      else if (row !== undefined) optionInputs.current[row]?.focus();
      else if (found.seconds) seconds.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(pollDraft(form));
    } catch {
      // Not opened: the dialog stays, and the parent says why (`error`).
    } finally {
      setBusy(false);
    }
  };

  const questionLength = [...form.question.trim()].length;
  const described = (...ids: (string | false)[]) => ids.filter(Boolean).join(" ") || undefined;

  return (
    <Dialog title={t("polls.composerTitle")} initialFocus={question} onCancel={onCancel} className="dialog--poll">
      <form className="poll-compose" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-question`}>
            {t("polls.question")}
          </label>
          <textarea
            ref={question}
            id={`${id}-question`}
            className="field__input poll-compose__question"
            rows={2}
            dir="auto"
            value={form.question}
            placeholder={t("polls.questionPlaceholder")}
            aria-invalid={errors.question ? true : undefined}
            aria-describedby={described(`${id}-question-count`, errors.question !== undefined && `${id}-question-error`)}
            onChange={(e) => dispatch({ type: "question", value: e.target.value })}
          />
          <p
            id={`${id}-question-count`}
            className={`field__hint poll-counter${questionLength > limits.max_question_chars ? " poll-counter--over" : ""}`}
          >
            {t("polls.counter", { count: questionLength, max: limits.max_question_chars })}
          </p>
          {errors.question ? (
            <p id={`${id}-question-error`} className="field__error">
              {say(errors.question)}
            </p>
          ) : null}
        </div>

        <fieldset className="poll-compose__group">
          <legend className="field__label">{t("polls.kind")}</legend>
          <div className="poll-compose__kinds">
            {KINDS.map(({ kind, label }) => (
              <label key={kind} className="poll-choice">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={kind}
                  checked={form.kind === kind}
                  onChange={() => dispatch({ type: "kind", kind })}
                />
                {t(label)}
              </label>
            ))}
          </div>
          {!choice ? <p className="field__hint">{t("polls.kindTextHint", { max: limits.max_answer_chars })}</p> : null}
        </fieldset>

        {choice ? (
          <>
            <div className="poll-compose__presets" role="group" aria-labelledby={`${id}-presets`}>
              <span id={`${id}-presets`} className="field__label">
                {t("polls.presets")}
              </span>
              <div className="poll-compose__preset-buttons">
                {POLL_PRESETS.map((preset) => (
                  <button
                    key={preset}
                    type="button"
                    className="button button--secondary button--small poll-preset"
                    onClick={() => dispatch({ type: "preset", options: presetOptions(preset, t) })}
                  >
                    {t(PRESET_LABELS[preset])}
                  </button>
                ))}
              </div>
            </div>

            <fieldset className="poll-compose__group" aria-describedby={described(`${id}-options-hint`, errors.options !== undefined && `${id}-options-error`)}>
              <legend className="field__label">{t("polls.options")}</legend>
              <p id={`${id}-options-hint`} className="field__hint">
                {t("polls.optionsHint", { min: MIN_POLL_OPTIONS, max: limits.max_poll_options })}
              </p>
              <ol className="poll-compose__options">
                {form.options.map((value, index) => {
                  const number = index + 1;
                  const problem = errors.option?.[index];
                  const over = [...oneLine(value)].length > limits.max_option_chars;
                  return (
                    <li key={index} className="poll-compose__option">
                      <div className="poll-compose__row">
                        <label className="visually-hidden" htmlFor={`${id}-option-${index}`}>
                          {t("polls.optionLabel", { number })}
                        </label>
                        <input
                          ref={(el) => {
                            optionInputs.current[index] = el;
                          }}
                          id={`${id}-option-${index}`}
                          className="field__input poll-compose__option-input"
                          value={value}
                          dir="auto"
                          autoComplete="off"
                          placeholder={t("polls.optionLabel", { number })}
                          aria-invalid={problem || over ? true : undefined}
                          aria-describedby={problem ? `${id}-option-${index}-error` : undefined}
                          onChange={(e) => dispatch({ type: "option", index, value: e.target.value })}
                        />
                        <label className="poll-choice poll-compose__correct">
                          <input
                            type="checkbox"
                            checked={form.correct.includes(index)}
                            aria-label={t("polls.optionCorrectLabel", { number })}
                            onChange={(e) => dispatch({ type: "correct", index, correct: e.target.checked })}
                          />
                          <span aria-hidden="true">{t("polls.optionCorrect")}</span>
                        </label>
                        <button
                          type="button"
                          className="button button--subtle button--small poll-compose__remove"
                          aria-label={t("polls.removeOption", { number })}
                          disabled={!canRemoveOption(form)}
                          onClick={() => dispatch({ type: "removeOption", index })}
                        >
                          {t("polls.remove")}
                        </button>
                      </div>
                      {problem ? (
                        <p id={`${id}-option-${index}-error`} className="field__error">
                          {say(problem)}
                        </p>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
              {errors.options ? (
                <p id={`${id}-options-error`} className="field__error">
                  {say(errors.options)}
                </p>
              ) : null}
              <div>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={!canAddOption(form, limits)}
                  onClick={() => {
                    focusOption.current = form.options.length;
                    dispatch({ type: "addOption" });
                  }}
                >
                  {t("polls.addOption")}
                </button>
              </div>
            </fieldset>
          </>
        ) : null}

        <fieldset className="poll-compose__group">
          <legend className="field__label">{t("polls.settings")}</legend>
          <div className="poll-compose__setting">
            <label className="poll-choice">
              <input type="checkbox" checked={form.timer} onChange={(e) => dispatch({ type: "timer", on: e.target.checked })} />
              {t("polls.timer")}
            </label>
            {form.timer ? (
              <div className="field poll-compose__seconds">
                <label className="field__label" htmlFor={`${id}-seconds`}>
                  {t("polls.seconds")}
                </label>
                <input
                  ref={seconds}
                  id={`${id}-seconds`}
                  className="field__input"
                  type="number"
                  inputMode="numeric"
                  min={MIN_POLL_SECONDS}
                  max={MAX_POLL_SECONDS}
                  step={1}
                  value={form.seconds}
                  aria-invalid={errors.seconds ? true : undefined}
                  aria-describedby={described(`${id}-seconds-hint`, errors.seconds !== undefined && `${id}-seconds-error`)}
                  onChange={(e) => dispatch({ type: "seconds", value: e.target.value })}
                />
                <p id={`${id}-seconds-hint`} className="field__hint">
                  {t("polls.secondsHint", { min: MIN_POLL_SECONDS, max: MAX_POLL_SECONDS })}
                </p>
                {errors.seconds ? (
                  <p id={`${id}-seconds-error`} className="field__error">
                    {say(errors.seconds)}
                  </p>
                ) : null}
              </div>
            ) : null}
          </div>
          <div className="poll-compose__setting">
            <label className="poll-choice">
              <input
                type="checkbox"
                checked={form.anonymous}
                aria-describedby={`${id}-anonymous-hint`}
                onChange={(e) => dispatch({ type: "anonymous", on: e.target.checked })}
              />
              {t("polls.anonymous")}
            </label>
            <p id={`${id}-anonymous-hint`} className="field__hint">
              {t("polls.anonymousHint")}
            </p>
          </div>
          <div className="poll-compose__setting">
            <label className="poll-choice">
              <input
                type="checkbox"
                checked={form.changes}
                disabled={form.anonymous}
                aria-describedby={`${id}-changes-hint`}
                onChange={(e) => dispatch({ type: "changes", on: e.target.checked })}
              />
              {t("polls.changes")}
            </label>
            <p id={`${id}-changes-hint`} className="field__hint">
              {t(form.anonymous ? "polls.changesAnonymous" : "polls.changesHint")}
            </p>
          </div>
        </fieldset>

        {error ? (
          <p className="alert" role="alert">
            <span className="alert__text">{error}</span>
          </p>
        ) : null}

        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t(busy ? "polls.starting" : "polls.start")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
