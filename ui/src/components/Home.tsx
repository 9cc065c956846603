// The first screen: start a class (teacher) or join one (student), with
// errors shown next to the field they are about.

import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { HostRequest, JoinRequest } from "../api";
import type { HomeError, HomeField } from "../state/classroom";
import { type FieldErrors, trimmedHost, trimmedJoin, validateHost, validateJoin } from "../state/forms";
import { LogoMark } from "./icons";
import "./Home.css";

export interface HomeProps {
  /** Which card is waiting for the shell. */
  busy: "host" | "join" | null;
  error: HomeError | null;
  /** What the join form starts with (the last class joined, or the one just tried). */
  joinDraft: JoinRequest | null;
  /** Progress of a join that has not got in yet. */
  joinStatus: string | null;
  onStart(request: HostRequest): void;
  onJoin(request: JoinRequest): void;
  onCancelJoin(): void;
}

export function Home({ busy, error, joinDraft, joinStatus, onStart, onJoin, onCancelJoin }: HomeProps) {
  return (
    <div className="home">
      <header className="home__header">
        <LogoMark className="home__logo" />
        <div>
          <h1 className="home__title">Classroom</h1>
          <p className="home__tagline">A chat for your class, on your own network.</p>
        </div>
      </header>
      <main className="home__cards">
        <HostCard busy={busy} error={error?.card === "host" ? error : null} onStart={onStart} />
        <JoinCard
          busy={busy}
          error={error?.card === "join" ? error : null}
          draft={joinDraft}
          status={joinStatus}
          onJoin={onJoin}
          onCancel={onCancelJoin}
        />
      </main>
    </div>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  placeholder?: string;
  value: string;
  error: string | undefined;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "url";
  disabled: boolean;
  inputRef?: (el: HTMLInputElement | null) => void;
  onChange(value: string): void;
}

function Field(props: FieldProps) {
  const { label, hint, placeholder, value, error, autoComplete, inputMode, disabled, inputRef, onChange } = props;
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className="field__input"
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete ?? "off"}
        inputMode={inputMode}
        spellCheck={false}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CardProps {
  title: string;
  description: string;
  children: ReactNode;
  onSubmit(): void;
}

function Card({ title, description, children, onSubmit }: CardProps) {
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <section className="home-card" aria-labelledby={id}>
      <h2 id={id} className="home-card__title">
        {title}
      </h2>
      <p className="home-card__description">{description}</p>
      <form className="home-card__form" onSubmit={submit} noValidate>
        {children}
      </form>
    </section>
  );
}

function withoutField(errors: FieldErrors, field: HomeField): FieldErrors {
  if (!(field in errors)) return errors;
  const rest = { ...errors };
  delete rest[field];
  return rest;
}

/**
 * Refs to a card's inputs, and focus on the first field with a problem: after
 * a submit the form refused, and when the shell's verdict names a field.
 */
function useFieldFocus(order: readonly HomeField[], error: HomeError | null) {
  const inputs = useRef<Partial<Record<HomeField, HTMLInputElement | null>>>({});
  useEffect(() => {
    if (error?.field) inputs.current[error.field]?.focus();
  }, [error]);
  return {
    ref: (field: HomeField) => (el: HTMLInputElement | null) => {
      inputs.current[field] = el;
    },
    focusFirst: (errors: FieldErrors) => {
      const first = order.find((f) => errors[f]);
      if (first) inputs.current[first]?.focus();
    },
  };
}

function HostCard({ busy, error, onStart }: { busy: HomeProps["busy"]; error: HomeError | null; onStart: HomeProps["onStart"] }) {
  const [form, setForm] = useState<HostRequest>({ class: "", teacher: "" });
  const [checked, setChecked] = useState<FieldErrors>({});
  const errors: FieldErrors = { ...checked };
  if (error?.field === "class" || error?.field === "teacher") errors[error.field] = error.message;
  const { ref, focusFirst } = useFieldFocus(["class", "teacher"], error);
  const disabled = busy !== null;
  const update = (field: keyof HostRequest, value: string) => {
    setForm({ ...form, [field]: value });
    setChecked(withoutField(checked, field));
  };

  return (
    <Card
      title="Start a class"
      description="You are the teacher. Students on the same network join with a code."
      onSubmit={() => {
        const problems = validateHost(form);
        setChecked(problems);
        if (Object.keys(problems).length === 0) onStart(trimmedHost(form));
        else focusFirst(problems);
      }}
    >
      <Field
        label="Class name"
        value={form.class}
        error={errors.class}
        disabled={disabled}
        inputRef={ref("class")}
        onChange={(v) => update("class", v)}
      />
      <Field
        label="Your name"
        hint="Students see this name next to your messages."
        value={form.teacher}
        error={errors.teacher}
        autoComplete="name"
        disabled={disabled}
        inputRef={ref("teacher")}
        onChange={(v) => update("teacher", v)}
      />
      {error && error.field === null ? (
        <p className="home-card__error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="home-card__actions">
        <button type="submit" className="button button--primary" disabled={disabled}>
          {busy === "host" ? "Starting…" : "Start class"}
        </button>
      </div>
    </Card>
  );
}

interface JoinCardProps {
  busy: HomeProps["busy"];
  error: HomeError | null;
  draft: JoinRequest | null;
  status: string | null;
  onJoin: HomeProps["onJoin"];
  onCancel(): void;
}

function JoinCard({ busy, error, draft, status, onJoin, onCancel }: JoinCardProps) {
  const [form, setForm] = useState<JoinRequest>(draft ?? { address: "", name: "", code: "" });
  // A new draft (the prefill arriving after the first paint, a join started
  // by a launch flag, the attempt just made) fills the form in.
  const [shownDraft, setShownDraft] = useState(draft);
  if (draft !== shownDraft) {
    setShownDraft(draft);
    if (draft) setForm(draft);
  }
  const [checked, setChecked] = useState<FieldErrors>({});
  const errors: FieldErrors = { ...checked };
  const field = error?.field;
  // The hub's verdict on a field holds until that field is changed.
  if ((field === "address" || field === "name" || field === "code") && form[field].trim() === draft?.[field]) {
    errors[field] = error?.message;
  }
  const { ref, focusFirst } = useFieldFocus(["address", "name", "code"], error);
  const disabled = busy !== null;
  const update = (field: keyof JoinRequest, value: string) => {
    setForm({ ...form, [field]: value });
    setChecked(withoutField(checked, field));
  };

  return (
    <Card
      title="Join a class"
      description="You are a student. Your teacher shows the address and the class code."
      onSubmit={() => {
        const problems = validateJoin(form);
        setChecked(problems);
        if (Object.keys(problems).length === 0) onJoin(trimmedJoin(form));
        else focusFirst(problems);
      }}
    >
      <Field
        label="Teacher's address"
        placeholder="e.g. 192.168.1.20:4455"
        value={form.address}
        error={errors.address}
        inputMode="url"
        disabled={disabled}
        inputRef={ref("address")}
        onChange={(v) => update("address", v)}
      />
      <Field
        label="Your name"
        value={form.name}
        error={errors.name}
        autoComplete="name"
        disabled={disabled}
        inputRef={ref("name")}
        onChange={(v) => update("name", v)}
      />
      <Field
        label="Class code"
        value={form.code}
        error={errors.code}
        inputMode="numeric"
        disabled={disabled}
        inputRef={ref("code")}
        onChange={(v) => update("code", v)}
      />
      {error && error.field === null ? (
        <p className="home-card__error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="home-card__actions">
        {busy === "join" ? (
          <>
            <p className="home-card__status" role="status">
              {status ?? "Joining…"}
            </p>
            <button type="button" className="button button--secondary" onClick={onCancel}>
              Cancel
            </button>
          </>
        ) : (
          <button type="submit" className="button button--primary" disabled={disabled}>
            Join
          </button>
        )}
      </div>
    </Card>
  );
}
