// The message box: Enter sends, Shift+Enter adds a line, a counter appears
// near the hub's length limit, and the text may not go out when too long.
// The chat's rules show above it: a muted student or a locked chat disables
// it with the reason; slow mode says its interval, and Send waits out the
// countdown after each message.

import { type FormEvent, type KeyboardEvent, type ReactNode, type Ref, useId, useImperativeHandle, useLayoutEffect, useRef } from "react";
import { useIntl } from "react-intl";
import { useT } from "../i18n/I18n";
import { messageLength } from "../state/view";
import { SendIcon } from "./icons";

export interface ComposerProps {
  /** The hub's limit in characters; null before the welcome. */
  maxChars: number | null;
  /** Why nothing can be sent now (closed class), or null. */
  disabledReason: string | null;
  /** The chat's rules for this user, worded (none for the teacher). */
  rules?: ComposerRules;
  typingText: string | null;
  inputRef?: Ref<HTMLTextAreaElement>;
  /** The text in the box (kept by the parent so it survives closing the panel). */
  text: string;
  onTextChange(text: string): void;
  onSend(text: string): void;
  onTyped(text: string): void;
  /** What the notice of a blocked box offers instead (asking the teacher privately). */
  blockedAction?: ReactNode;
}

export interface ComposerRules {
  /** Why this user may not post (muted, locked chat): the box is disabled with this notice. */
  blocked: string | null;
  /** Slow mode's interval, while on. */
  rule: string | null;
  /** Why Send waits for now (slow mode's countdown), or null. */
  wait: string | null;
}

const NO_RULES: ComposerRules = { blocked: null, rule: null, wait: null };

/** The counter shows once fewer than this many characters are left. */
function counterThreshold(max: number): number {
  return Math.max(20, Math.floor(max * 0.1));
}

export function Composer(props: ComposerProps) {
  const t = useT();
  const intl = useIntl();
  const { maxChars, disabledReason, typingText, inputRef, text, onTextChange, onSend, onTyped } = props;
  const rules = props.rules ?? NO_RULES;
  const counterId = useId();
  const hintId = useId();
  const ruleId = useId();
  const length = messageLength(text);
  const tooLong = maxChars !== null && length > maxChars;
  const showCounter = maxChars !== null && maxChars - length < counterThreshold(maxChars);
  // A closed class says so in the box; a rule says so above it too.
  const reason = disabledReason ?? rules.blocked;
  const disabled = reason !== null;
  const ruleText = disabledReason !== null ? null : (rules.blocked ?? rules.rule);
  const waiting = !disabled && rules.wait !== null;
  const canSend = !disabled && !waiting && length > 0 && !tooLong;
  const box = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(inputRef, () => box.current as HTMLTextAreaElement, []);

  // Grow with the text (wrapped lines too) up to the CSS max-height. CSSOM
  // writes like this one are allowed under the app's CSP; style attributes are not.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    if (el.scrollHeight > 0) el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  }, [text]);

  const submit = () => {
    if (!canSend) return;
    onSend(text.trim());
    onTextChange("");
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter falls through and inserts a new line. Enter
    // while an input method is composing a character belongs to the IME.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <p className="composer__typing" aria-hidden={typingText === null}>
        {typingText ?? ""}
      </p>
      {ruleText !== null ? (
        <p id={ruleId} className={rules.blocked !== null ? "composer__rule composer__rule--blocked" : "composer__rule"}>
          <span>{ruleText}</span>
          {waiting ? <span className="composer__wait">{rules.wait}</span> : null}
          {rules.blocked !== null && props.blockedAction ? props.blockedAction : null}
        </p>
      ) : null}
      <div className="composer__row">
        <label className="visually-hidden" htmlFor={`${hintId}-input`}>
          {t("chat.message")}
        </label>
        <textarea
          id={`${hintId}-input`}
          ref={box}
          className="composer__input"
          rows={1}
          value={text}
          placeholder={reason ?? t("chat.placeholder")}
          dir="auto"
          // Enter sends: a phone's on-screen keyboard says so on that key.
          enterKeyHint="send"
          disabled={disabled}
          aria-describedby={[ruleText !== null ? ruleId : "", hintId, showCounter ? counterId : ""].filter(Boolean).join(" ")}
          aria-invalid={tooLong}
          onChange={(event) => {
            onTextChange(event.target.value);
            onTyped(event.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary composer__send" disabled={!canSend}>
          <SendIcon />
          <span>{t("chat.send")}</span>
        </button>
      </div>
      <div className="composer__footer">
        <span id={hintId} className="composer__hint">
          {t("chat.hint")}
        </span>
        {showCounter && maxChars !== null ? (
          <span id={counterId} className={tooLong ? "composer__counter composer__counter--over" : "composer__counter"}>
            {tooLong
              ? t("chat.tooLongBy", { over: length - maxChars })
              : `${intl.formatNumber(length)} / ${intl.formatNumber(maxChars)}`}
          </span>
        ) : null}
      </div>
    </form>
  );
}
