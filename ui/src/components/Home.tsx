// The first screen: start a class (teacher) or join one (student), with
// errors shown next to the field they are about. The teacher's card offers
// the last class to resume and the way to the Past classes screen (or, when
// the class history is damaged, Start fresh). The join card lists the
// classes found on the network live, the classes joined lately, and always
// the address field, for networks where classes cannot be found. The
// header has the language chooser; under it, the offer of a newer version
// of the app (`update`), and the footer holds its setting. Every word comes from the catalogues
// (home.*); names and addresses typed by people get dir="auto". The
// browser build's join screen (WebJoin.tsx) is made of the same parts.

import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { DiscoveredClass, HostRequest, JoinRequest, RecentClass } from "../api";
import { FormattedMessage } from "react-intl";
import { LANGUAGES, type MessageId } from "../i18n";
import { useLocale, useT } from "../i18n/I18n";
import type { HomeError, HomeField } from "../state/classroom";
import { type DiscoveryState, canJoin, classNote, findClass } from "../state/discovery";
import { type FieldErrors, trimmedHost, trimmedJoin, validateHost, validateJoin } from "../state/forms";
import type { HomeHistoryView } from "../state/pastClasses";
import { DamagedHistory, FreshNote } from "./DamagedHistory";
import { LogoMark } from "./icons";
import { type Say, useSay } from "../i18n/I18n";
import "./Home.css";

export interface HomeProps {
  /** Which card is waiting for the shell. */
  busy: "host" | "join" | null;
  error: HomeError | null;
  /** What the join form starts with (the last class joined, or the one just tried). */
  joinDraft: JoinRequest | null;
  /** Progress of a join that has not got in yet. */
  joinStatus: string | null;
  /** Classes found on the network. */
  discovery: DiscoveryState;
  /** Classes joined lately, most recent first. */
  recent: RecentClass[];
  /** The classes this computer keeps (teacher). */
  history: HomeHistoryView;
  onStart(request: HostRequest): void;
  onResume(last: NonNullable<HomeHistoryView["last"]>): void;
  onShowPastClasses(): void;
  onStartFresh(): void;
  onJoin(request: JoinRequest): void;
  onCancelJoin(): void;
  /** Above the cards: the offer of a newer version of the app, if any. */
  update?: ReactNode;
  /** Below the cards: app settings (Check for updates). */
  footer?: ReactNode;
}

export function Home(props: HomeProps) {
  const { busy, error, joinDraft, joinStatus, discovery, recent, onStart, onJoin, onCancelJoin } = props;
  const { history, onResume, onShowPastClasses, onStartFresh, update, footer } = props;
  const t = useT();
  return (
    <div className="home">
      <header className="home__header">
        <LogoMark className="home__logo" />
        <div className="home__heading">
          <h1 className="home__title">{t("home.title")}</h1>
          <p className="home__tagline">{t("home.tagline")}</p>
        </div>
        <LanguageChooser />
      </header>
      {update}
      <main className="home__cards">
        <HostCard
          busy={busy}
          error={error?.card === "host" ? error : null}
          history={history}
          onStart={onStart}
          onResume={onResume}
          onShowPastClasses={onShowPastClasses}
          onStartFresh={onStartFresh}
        />
        <JoinCard
          busy={busy}
          error={error?.card === "join" ? error : null}
          draft={joinDraft}
          status={joinStatus}
          discovery={discovery}
          recent={recent}
          onJoin={onJoin}
          onCancel={onCancelJoin}
        />
      </main>
      {footer ? <footer>{footer}</footer> : null}
    </div>
  );
}

/** The UI's language, each named in itself; the choice is remembered. */
export function LanguageChooser() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const id = useId();
  return (
    <div className="language">
      <label className="language__label" htmlFor={id}>
        {t("home.language")}
      </label>
      <select
        id={id}
        className="language__select"
        value={locale}
        onChange={(event) => {
          const chosen = LANGUAGES.find((l) => l.locale === event.target.value);
          if (chosen) setLocale(chosen.locale);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.locale} value={l.locale} lang={l.locale}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface FieldProps {
  label: string;
  hint?: string;
  placeholder?: string;
  value: string;
  error: string | undefined;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "url";
  /** "auto" for what people type in their own script (names). */
  dir?: "auto";
  disabled: boolean;
  inputRef?: (el: HTMLInputElement | null) => void;
  onChange(value: string): void;
}

export function Field(props: FieldProps) {
  const { label, hint, placeholder, value, error, autoComplete, inputMode, dir, disabled, inputRef, onChange } = props;
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
        dir={dir}
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

export interface CardProps {
  title: string;
  description: string;
  /** Beside the title (e.g. the way to the Past classes screen). */
  aside?: ReactNode;
  children: ReactNode;
  onSubmit(): void;
}

export function Card({ title, description, aside, children, onSubmit }: CardProps) {
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <section className="home-card" aria-labelledby={id}>
      <div className="home-card__head">
        <h2 id={id} className="home-card__title">
          {title}
        </h2>
        {aside}
      </div>
      <p className="home-card__description">{description}</p>
      <form className="home-card__form" onSubmit={submit} noValidate>
        {children}
      </form>
    </section>
  );
}

export function withoutField(errors: FieldErrors, field: HomeField): FieldErrors {
  if (!(field in errors)) return errors;
  const rest = { ...errors };
  delete rest[field];
  return rest;
}

/**
 * Refs to a card's inputs, and focus on the first field with a problem: after
 * a submit the form refused, and when the shell's verdict names a field.
 */
export function useFieldFocus(order: readonly HomeField[], error: HomeError | null) {
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

interface HostCardProps {
  busy: HomeProps["busy"];
  error: HomeError | null;
  history: HomeHistoryView;
  onStart: HomeProps["onStart"];
  onResume: HomeProps["onResume"];
  onShowPastClasses(): void;
  onStartFresh(): void;
}

type HostForm = Pick<HostRequest, "class" | "teacher">;

/** The form's own problems worded, and the shell's verdict on a field (already worded). */
export type ShownErrors = Partial<Record<HomeField, string>>;

export function shownErrors(checked: FieldErrors, words: Say): ShownErrors {
  return Object.fromEntries(Object.entries(checked).map(([field, problem]) => [field, words(problem) ?? ""]));
}

function HostCard({ busy, error, history, onStart, onResume, onShowPastClasses, onStartFresh }: HostCardProps) {
  const t = useT();
  const words = useSay();
  const [form, setForm] = useState<HostForm>({ class: "", teacher: "" });
  const [checked, setChecked] = useState<FieldErrors>({});
  const errors = shownErrors(checked, words);
  if (error?.field === "class" || error?.field === "teacher") errors[error.field] = error.message;
  const { ref, focusFirst } = useFieldFocus(["class", "teacher"], error);
  const disabled = busy !== null;
  const update = (field: keyof HostForm, value: string) => {
    setForm({ ...form, [field]: value });
    setChecked(withoutField(checked, field));
  };

  return (
    <Card
      title={t("home.hostTitle")}
      description={t("home.hostDescription")}
      aside={
        history.count > 0 && !history.damaged ? (
          <button type="button" className="home-card__past" disabled={disabled} onClick={onShowPastClasses}>
            {t("home.pastClasses", { count: history.count })}
          </button>
        ) : null
      }
      onSubmit={() => {
        const problems = validateHost(form);
        setChecked(problems);
        if (Object.keys(problems).length === 0) onStart(trimmedHost(form));
        else focusFirst(problems);
      }}
    >
      <Field
        label={t("home.className")}
        value={form.class}
        dir="auto"
        error={errors.class}
        disabled={disabled}
        inputRef={ref("class")}
        onChange={(v) => update("class", v)}
      />
      <Field
        label={t("home.yourName")}
        hint={t("home.teacherNameHint")}
        value={form.teacher}
        dir="auto"
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
      {history.damaged ? (
        <DamagedHistory damaged={history.damaged} onStartFresh={onStartFresh} />
      ) : history.last ? (
        <ResumeLast last={history.last} resuming={history.resuming} disabled={disabled} onResume={onResume} />
      ) : null}
      {history.damaged || history.fresh ? <FreshNote text={history.fresh} /> : null}
      <div className="home-card__actions">
        <button type="submit" className="button button--primary" disabled={disabled}>
          {busy === "host" && !history.resuming ? t("home.starting") : t("home.startClass")}
        </button>
      </div>
    </Card>
  );
}

interface ResumeLastProps {
  last: NonNullable<HomeHistoryView["last"]>;
  resuming: boolean;
  disabled: boolean;
  onResume: HomeProps["onResume"];
}

/** The most recently active class, one click from running again. */
function ResumeLast({ last, resuming, disabled, onResume }: ResumeLastProps) {
  const id = useId();
  const t = useT();
  const words = useSay();
  const when = words(last.when);
  return (
    <div className="resume" role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-name ${id}-meta`}>
      <p id={`${id}-label`} className="resume__label">
        {t("home.resumeLast")}
      </p>
      <p id={`${id}-name`} className="resume__name" title={last.name} dir="auto">
        {last.name}
      </p>
      <p id={`${id}-meta`} className="resume__meta">
        <bdi>{last.teacher}</bdi>
        {when ? ` · ${when}` : ""}
      </p>
      <button
        type="button"
        className="button button--secondary button--small resume__button"
        disabled={disabled}
        onClick={() => onResume(last)}
      >
        {resuming ? t("home.resuming") : t("home.resume")}
      </button>
    </div>
  );
}

interface JoinCardProps {
  busy: HomeProps["busy"];
  error: HomeError | null;
  draft: JoinRequest | null;
  status: string | null;
  discovery: DiscoveryState;
  recent: RecentClass[];
  onJoin: HomeProps["onJoin"];
  onCancel(): void;
}

/** Recent classes shown as shortcuts (the list keeps more). */
const RECENT_SHOWN = 3;

type JoinForm = Omit<JoinRequest, "class">;

function JoinCard({ busy, error, draft, status, discovery, recent, onJoin, onCancel }: JoinCardProps) {
  const t = useT();
  const words = useSay();
  const [form, setForm] = useState<JoinForm>(() => formOf(draft));
  // The class picked from the list, by id: it stays picked while listed.
  const [pickedId, setPickedId] = useState<string | null>(draft?.class?.id ?? null);
  // A new draft (the prefill arriving after the first paint, a join started
  // by a launch flag, the attempt just made) fills the form in.
  const [shownDraft, setShownDraft] = useState(draft);
  if (draft !== shownDraft) {
    setShownDraft(draft);
    if (draft) {
      setForm(formOf(draft));
      setPickedId(draft.class?.id ?? null);
    }
  }
  const picked = findClass(discovery, pickedId) ?? (draft?.class?.id === pickedId ? (draft?.class ?? null) : null);
  const [checked, setChecked] = useState<FieldErrors>({});
  const errors = shownErrors(checked, words);
  const field = error?.field;
  // The hub's verdict on a field holds until that field is changed.
  if ((field === "address" || field === "name" || field === "code") && form[field].trim() === draft?.[field]) {
    errors[field] = error?.message;
  }
  const { ref, focusFirst } = useFieldFocus(["address", "name", "code"], error);
  const disabled = busy !== null;
  const update = (field: keyof JoinForm, value: string) => {
    setForm({ ...form, [field]: value });
    setChecked(withoutField(checked, field));
    // Typing an address means this address, not the class picked above.
    if (field === "address" && value.trim() !== "") setPickedId(null);
  };
  const pick = (c: DiscoveredClass) => {
    setPickedId(c.id);
    setForm({ ...form, address: "" });
    setChecked(withoutField(checked, "address"));
  };
  const useRecent = (r: RecentClass) => {
    setPickedId(null);
    setForm({ ...form, address: r.address });
    setChecked(withoutField(checked, "address"));
  };
  const request: JoinRequest = picked ? { ...form, address: "", class: picked } : form;

  return (
    <Card
      title={t("home.joinTitle")}
      description={t("home.joinDescription")}
      onSubmit={() => {
        const problems = validateJoin(request);
        setChecked(problems);
        if (Object.keys(problems).length === 0) onJoin(trimmedJoin(request));
        else focusFirst(problems);
      }}
    >
      <ClassList discovery={discovery} pickedId={picked?.id ?? null} disabled={disabled} onPick={pick} />
      <Field
        label={t("home.address")}
        placeholder={picked ? "" : t("home.addressPlaceholder")}
        value={form.address}
        error={errors.address}
        inputMode="url"
        disabled={disabled}
        inputRef={ref("address")}
        onChange={(v) => update("address", v)}
      />
      {recent.length > 0 ? (
        <RecentList recent={recent.slice(0, RECENT_SHOWN)} disabled={disabled} onUse={useRecent} />
      ) : null}
      <NameAndCode
        form={form}
        errors={errors}
        disabled={disabled}
        codeNotNeeded={picked?.code_required === false}
        inputRef={ref}
        onChange={update}
      />
      <JoinActions
        error={error && error.field === null ? error.message : null}
        joining={busy === "join"}
        status={status}
        disabled={disabled}
        onCancel={onCancel}
      >
        {picked ? (
          // One run of text (the button lays its children out apart).
          <span>
            <FormattedMessage
              id={"home.joinClass" satisfies MessageId}
              values={{ name: <bdi>{picked.class ?? picked.instance}</bdi> }}
            />
          </span>
        ) : (
          t("home.join")
        )}
      </JoinActions>
    </Card>
  );
}

export interface NameAndCodeProps {
  form: { name: string; code: string };
  errors: ShownErrors;
  disabled: boolean;
  /** The class picked needs no code: the field says so. */
  codeNotNeeded?: boolean;
  inputRef(field: "name" | "code"): (el: HTMLInputElement | null) => void;
  onChange(field: "name" | "code", value: string): void;
}

/** A join form's name and class code, side by side (the app's and the browser's). */
export function NameAndCode({ form, errors, disabled, codeNotNeeded, inputRef, onChange }: NameAndCodeProps) {
  const t = useT();
  return (
    <div className="home-card__pair">
      <Field
        label={t("home.yourName")}
        value={form.name}
        dir="auto"
        error={errors.name}
        autoComplete="name"
        disabled={disabled}
        inputRef={inputRef("name")}
        onChange={(v) => onChange("name", v)}
      />
      <Field
        label={t("home.classCode")}
        placeholder={codeNotNeeded ? t("home.codeNotNeeded") : undefined}
        value={form.code}
        error={errors.code}
        inputMode="numeric"
        disabled={disabled}
        inputRef={inputRef("code")}
        onChange={(v) => onChange("code", v)}
      />
    </div>
  );
}

export interface JoinActionsProps {
  /** A problem with the join that no field is about, worded. */
  error: string | null;
  /** Waiting for the class to let us in: its progress and Cancel instead of the button. */
  joining: boolean;
  status: string | null;
  disabled: boolean;
  onCancel(): void;
  /** The join button's label. */
  children: ReactNode;
}

/** A join form's foot: its error, and the join button or, while joining, the progress and Cancel. */
export function JoinActions({ error, joining, status, disabled, onCancel, children }: JoinActionsProps) {
  const t = useT();
  return (
    <>
      {error !== null ? (
        <p className="home-card__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="home-card__actions">
        {joining ? (
          <>
            <p className="home-card__status" role="status">
              {status ?? t("home.joining")}
            </p>
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t("home.cancel")}
            </button>
          </>
        ) : (
          <button type="submit" className="button button--primary" disabled={disabled}>
            {children}
          </button>
        )}
      </div>
    </>
  );
}

function formOf(draft: JoinRequest | null): JoinForm {
  return draft ? { address: draft.address, name: draft.name, code: draft.code } : { address: "", name: "", code: "" };
}

interface ClassListProps {
  discovery: DiscoveryState;
  pickedId: string | null;
  disabled: boolean;
  onPick(c: DiscoveredClass): void;
}

/** The classes found on the network, live; one can be picked. */
function ClassList({ discovery, pickedId, disabled, onPick }: ClassListProps) {
  const id = useId();
  const t = useT();
  const words = useSay();
  const { classes, searching, problem } = discovery;
  return (
    <div className="class-list" role="group" aria-labelledby={`${id}-label`}>
      <div className="class-list__head">
        <p id={`${id}-label`} className="field__label">
          {t("home.classesHere")}
        </p>
        {searching && problem === null ? (
          <p className="class-list__searching" aria-hidden="true">
            <span className="class-list__pulse" />
            {t("home.looking")}
          </p>
        ) : null}
      </div>
      {classes.length > 0 ? (
        <ul className="class-list__items" aria-live="polite">
          {classes.map((c) => {
            const joinable = canJoin(c);
            const note = words(classNote(c));
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className="class-option"
                  aria-pressed={c.id === pickedId}
                  disabled={disabled || !joinable}
                  title={note ? t("home.classWithNote", { name: c.name, note }) : c.name}
                  onClick={() => onPick(c)}
                >
                  <span className="class-option__name" dir="auto">
                    {c.name}
                  </span>
                  {note ? <span className="class-option__note">{note}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {problem !== null ? (
        <p className="class-list__empty" role="status">
          {words(problem)}
        </p>
      ) : classes.length === 0 ? (
        <p className="class-list__empty" role="status">
          {t("home.noClassFound")}
        </p>
      ) : null}
    </div>
  );
}

interface RecentListProps {
  recent: RecentClass[];
  disabled: boolean;
  onUse(r: RecentClass): void;
}

/** Classes joined lately: one click fills the address in. */
function RecentList({ recent, disabled, onUse }: RecentListProps) {
  const id = useId();
  const t = useT();
  return (
    <div className="recent" role="group" aria-labelledby={`${id}-label`}>
      <p id={`${id}-label`} className="recent__label">
        {t("home.recent")}
      </p>
      <ul className="recent__items">
        {recent.map((r) => (
          <li key={`${r.address}|${r.class}|${r.teacher}`}>
            <button
              type="button"
              className="recent__item"
              disabled={disabled}
              aria-label={t("home.recentLabel", { name: r.class, teacher: r.teacher, address: r.address })}
              title={t("home.recentTitle", { name: r.class, teacher: r.teacher, address: r.address })}
              dir="auto"
              onClick={() => onUse(r)}
            >
              {r.class}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
