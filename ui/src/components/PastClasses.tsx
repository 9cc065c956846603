// The Past classes screen: the classes this computer keeps, each with
// Resume, Export (Markdown, CSV, JSON or the polls' gradebook, through the
// native save dialog) and Delete (after a confirmation); how long classes
// are kept, and where.
// Results and errors show on the row they are about. Renders the view the
// state module made (its sentences and dates worded here, history.*) and
// reports intents. Names, teachers and paths get dir="auto".

import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { FormattedMessage } from "react-intl";
import type { ExportFormat } from "../api";
import type { MessageId } from "../i18n";
import { useT } from "../i18n/I18n";
import { EXPORT_FORMATS, type HistoryView, type PastClassRow } from "../state/pastClasses";
import { ConfirmDialog } from "./ConfirmDialog";
import { DamagedHistory, FreshNote } from "./DamagedHistory";
import { LogoMark } from "./icons";
import { useSay } from "../i18n/I18n";
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
  const t = useT();
  const words = useSay();

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
          <span aria-hidden="true" className="past__back-arrow">
            ←
          </span>
          {t("history.back")}
        </button>
        <div className="past__heading">
          <LogoMark className="past__logo" />
          <div>
            <h1 ref={title} className="past__title" tabIndex={-1}>
              {t("history.title")}
            </h1>
            <p className="past__intro">{t("history.intro")}</p>
          </div>
        </div>
      </header>

      {view.damaged || view.fresh ? <FreshNote text={view.fresh} /> : null}
      {view.damaged ? <DamagedHistory damaged={view.damaged} onStartFresh={onStartFresh} /> : null}
      {view.error ? (
        <div className="alert" role="alert">
          <p className="alert__text">{t("history.readFailed", { error: words(view.error) ?? "" })}</p>
          <button type="button" className="button button--secondary button--small" onClick={onReload}>
            {t("history.tryAgain")}
          </button>
        </div>
      ) : null}

      {view.damaged || view.error ? null : view.loading ? (
        <p className="past__loading" role="status">
          {t("history.loading")}
        </p>
      ) : view.classes.length === 0 ? (
        <div className="past__empty">
          <p className="past__empty-title">{t("history.emptyTitle")}</p>
          <p>{t("history.emptyText")}</p>
        </div>
      ) : (
        <ul className="past__list" aria-label={t("history.title")}>
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
          title={t("history.deleteTitle", { name: deleting.name })}
          confirmLabel={removing ? t("history.deleting") : t("history.delete")}
          danger
          busy={removing}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        >
          <p>{t("history.deleteText", { messages: deleting.messages })}</p>
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
  const t = useT();
  const words = useSay();
  const described = [`${id}-hint`, retention.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <section className="past-settings" aria-label={t("history.settings")}>
      <div className="past-settings__row">
        <label className="field__label" htmlFor={`${id}-keep`}>
          {t("history.keep")}
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
              {words(o.label)}
            </option>
          ))}
        </select>
        {retention.saving ? <span className="past-settings__saving">{t("history.saving")}</span> : null}
      </div>
      <p id={`${id}-hint`} className="field__hint">
        {retention.value === "forever" ? t("history.keepForeverHint") : t("history.keepDaysHint")}
      </p>
      {retention.error ? (
        <p id={`${id}-error`} className="field__error" role="alert">
          {words(retention.error)}
        </p>
      ) : null}
      <p className="past-settings__folder">
        <FormattedMessage
          id={"history.keptIn" satisfies MessageId}
          values={{
            folder: (
              <span className="past-settings__path" dir="auto">
                {folder}
              </span>
            ),
          }}
        />
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
  const t = useT();
  const words = useSay();
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
        <h2 id={`${id}-name`} className="past-class__name" title={row.name} dir="auto">
          {row.name}
        </h2>
        <p id={`${id}-meta`} className="past-class__meta">
          <FormattedMessage
            id={"history.meta" satisfies MessageId}
            values={{
              teacher: <bdi>{row.teacher}</bdi>,
              started: <time dateTime={row.startedAt}>{words(row.started)}</time>,
              ended: <span className={row.interrupted ? "past-class__interrupted" : undefined}>{words(row.ended)}</span>,
            }}
          />
        </p>
        <p className="past-class__counts">{words(row.counts)}</p>
      </div>
      <div className="past-class__actions">
        <button
          type="button"
          className="button button--primary button--small"
          disabled={disabled}
          aria-describedby={`${id}-name`}
          onClick={() => onResume(row)}
        >
          {row.busy === "resume" ? t("history.resuming") : t("history.resume")}
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
          {row.busy === "export" ? t("history.exporting") : t("history.export")}
        </button>
        <button
          type="button"
          className="button button--subtle button--small"
          disabled={disabled}
          aria-describedby={`${id}-name`}
          onClick={() => onDelete(row)}
        >
          {t("history.delete")}
        </button>
      </div>
      {choosing ? (
        <div
          id={`${id}-formats`}
          className="past-class__formats"
          role="group"
          aria-label={t("history.exportNamed", { name: row.name })}
          onKeyDown={onFormatsKeyDown}
        >
          <span className="past-class__formats-label" aria-hidden="true">
            {t("history.exportAs")}
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
              {t(label)}
            </button>
          ))}
        </div>
      ) : null}
      {row.error ? (
        <p className="past-class__error" role="alert">
          {words(row.error)}
        </p>
      ) : null}
      <p className="past-class__saved" role="status">
        {words(row.saved) ?? ""}
      </p>
    </li>
  );
}
