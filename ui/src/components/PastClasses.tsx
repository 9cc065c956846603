// The Past classes screen: the classes this computer keeps, each with
// Resume, Export (Markdown, CSV or JSON, through the native save dialog)
// and Delete (after a confirmation); how long classes are kept, and where.
// Results and errors show on the row they are about. Renders the view the
// state module made and reports intents.

import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { ExportFormat } from "../api";
import { EXPORT_FORMATS, type HistoryView, type PastClassRow } from "../state/pastClasses";
import { ConfirmDialog } from "./ConfirmDialog";
import { DamagedHistory, FreshNote } from "./DamagedHistory";
import { LogoMark } from "./icons";
import "./PastClasses.css";

export interface PastClassesProps {
  view: HistoryView;
  onBack(): void;
  onReload(): void;
  onResume(row: PastClassRow): void;
  onExport(id: string, format: ExportFormat): void;
  onDelete(id: string): Promise<void> | void;
  onRetention(days: number | null): void;
  onStartFresh(): void;
}

export function PastClasses(props: PastClassesProps) {
  const { view, onBack, onReload, onResume, onExport, onDelete, onRetention, onStartFresh } = props;
  const [deleting, setDeleting] = useState<PastClassRow | null>(null);
  const [removing, setRemoving] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);

  // The screen opens with the focus on its title, so a screen reader starts here.
  useEffect(() => {
    title.current?.focus();
  }, []);

  const remove = async (row: PastClassRow) => {
    setRemoving(true);
    try {
      await onDelete(row.id);
    } finally {
      setRemoving(false);
      setDeleting(null);
      // The row (and the button that opened the dialog) may be gone.
      title.current?.focus();
    }
  };

  return (
    <div className="past">
      <header className="past__header">
        <button type="button" className="button button--secondary button--small past__back" onClick={onBack}>
          <span aria-hidden="true">←</span> Back to home
        </button>
        <div className="past__heading">
          <LogoMark className="past__logo" />
          <div>
            <h1 ref={title} className="past__title" tabIndex={-1}>
              Past classes
            </h1>
            <p className="past__intro">
              The classes you started on this computer. Resume one to go on where it stopped: the same code,
              everyone's seat kept, the chat as it was.
            </p>
          </div>
        </div>
      </header>

      {view.damaged || view.fresh ? <FreshNote text={view.fresh} /> : null}
      {view.damaged ? <DamagedHistory damaged={view.damaged} onStartFresh={onStartFresh} /> : null}
      {view.error ? (
        <div className="alert" role="alert">
          <p className="alert__text">Past classes could not be read: {view.error}</p>
          <button type="button" className="button button--secondary button--small" onClick={onReload}>
            Try again
          </button>
        </div>
      ) : null}

      {view.damaged || view.error ? null : view.loading ? (
        <p className="past__loading" role="status">
          Loading past classes…
        </p>
      ) : view.classes.length === 0 ? (
        <div className="past__empty">
          <p className="past__empty-title">No past classes yet.</p>
          <p>Classes you start are kept here, so you can resume or export them later.</p>
        </div>
      ) : (
        <ul className="past__list" aria-label="Past classes">
          {view.classes.map((row) => (
            <Row
              key={row.id}
              row={row}
              othersBusy={view.busy && row.busy === null}
              onResume={onResume}
              onExport={onExport}
              onDelete={setDeleting}
            />
          ))}
        </ul>
      )}

      {/* Below the list: the classes are what the screen is for. */}
      {view.retention && view.folder !== null ? (
        <Settings retention={view.retention} folder={view.folder} onRetention={onRetention} />
      ) : null}

      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmLabel={removing ? "Deleting…" : "Delete"}
          danger
          busy={removing}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        >
          <p>
            {deleting.messages > 0
              ? `The class and its ${deleting.messages === 1 ? "message are" : `${deleting.messages} messages are`} removed from this computer.`
              : "The class is removed from this computer."}{" "}
            This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

interface SettingsProps {
  retention: NonNullable<HistoryView["retention"]>;
  folder: string;
  onRetention(days: number | null): void;
}

/** How long classes are kept, and the folder they are kept in (to back it up). */
function Settings({ retention, folder, onRetention }: SettingsProps) {
  const id = useId();
  const described = [`${id}-hint`, retention.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <section className="past-settings" aria-label="History settings">
      <div className="past-settings__row">
        <label className="field__label" htmlFor={`${id}-keep`}>
          Keep past classes
        </label>
        <select
          id={`${id}-keep`}
          className="past-settings__select"
          value={retention.value}
          disabled={retention.saving}
          aria-invalid={retention.error ? true : undefined}
          aria-describedby={described}
          onChange={(event) => {
            const option = retention.options.find((o) => o.value === event.target.value);
            if (option) onRetention(option.days);
          }}
        >
          {retention.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {retention.saving ? <span className="past-settings__saving">Saving…</span> : null}
      </div>
      <p id={`${id}-hint`} className="field__hint">
        {retention.value === "forever"
          ? "Classes stay on this computer until you delete them."
          : "Classes not used for longer than this are deleted from this computer."}
      </p>
      {retention.error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {retention.error}
        </p>
      ) : null}
      <p className="past-settings__folder">
        Kept in <span className="past-settings__path">{folder}</span>
      </p>
    </section>
  );
}

interface RowProps {
  row: PastClassRow;
  /** Another row waits for the shell: this one's buttons wait too. */
  othersBusy: boolean;
  onResume(row: PastClassRow): void;
  onExport(id: string, format: ExportFormat): void;
  onDelete(row: PastClassRow): void;
}

function Row({ row, othersBusy, onResume, onExport, onDelete }: RowProps) {
  const id = useId();
  const [choosing, setChoosing] = useState(false);
  const exportButton = useRef<HTMLButtonElement>(null);
  const firstFormat = useRef<HTMLButtonElement>(null);
  const disabled = othersBusy || row.busy !== null;

  useEffect(() => {
    if (choosing) firstFormat.current?.focus();
  }, [choosing]);

  const close = () => {
    setChoosing(false);
    exportButton.current?.focus();
  };
  const onFormatsKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    close();
  };

  return (
    <li className="past-class" aria-labelledby={`${id}-name`}>
      <div className="past-class__main">
        <h2 id={`${id}-name`} className="past-class__name" title={row.name}>
          {row.name}
        </h2>
        <p id={`${id}-meta`} className="past-class__meta">
          {row.teacher} · Started <time dateTime={row.startedAt}>{row.started}</time> ·{" "}
          <span className={row.interrupted ? "past-class__interrupted" : undefined}>{row.ended}</span>
        </p>
        <p className="past-class__counts">{row.counts}</p>
      </div>
      <div className="past-class__actions">
        <button
          type="button"
          className="button button--primary button--small"
          disabled={disabled}
          aria-describedby={`${id}-name`}
          onClick={() => onResume(row)}
        >
          {row.busy === "resume" ? "Resuming…" : "Resume"}
        </button>
        <button
          ref={exportButton}
          type="button"
          className="button button--secondary button--small"
          disabled={disabled}
          aria-describedby={`${id}-name`}
          aria-expanded={choosing}
          aria-controls={choosing ? `${id}-formats` : undefined}
          onClick={() => setChoosing(!choosing)}
        >
          {row.busy === "export" ? "Exporting…" : "Export"}
        </button>
        <button
          type="button"
          className="button button--subtle button--small"
          disabled={disabled}
          aria-describedby={`${id}-name`}
          onClick={() => onDelete(row)}
        >
          Delete
        </button>
      </div>
      {choosing ? (
        <div
          id={`${id}-formats`}
          className="past-class__formats"
          role="group"
          aria-label={`Export ${row.name} as`}
          onKeyDown={onFormatsKeyDown}
        >
          <span className="past-class__formats-label" aria-hidden="true">
            Export as:
          </span>
          {EXPORT_FORMATS.map(({ format, label }, i) => (
            <button
              key={format}
              ref={i === 0 ? firstFormat : undefined}
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                close();
                onExport(row.id, format);
              }}
            >
              {label}
            </button>
          ))}
        </div>
      ) : null}
      {row.error ? (
        <p className="past-class__error" role="alert">
          {row.error}
        </p>
      ) : null}
      <p className="past-class__saved" role="status">
        {row.saved ?? ""}
      </p>
    </li>
  );
}
