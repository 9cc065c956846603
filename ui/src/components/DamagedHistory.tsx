// The prompt shown when the class history file is damaged: what the shell
// said, that Start fresh keeps the damaged file aside (nothing is deleted),
// and the button. Used on Home and on the Past classes screen.

import type { Text } from "../i18n";
import { useT } from "../i18n/I18n";
import type { DamagedView } from "../state/pastClasses";
import { useSay } from "../i18n/I18n";
import "./DamagedHistory.css";

export interface DamagedHistoryProps {
  damaged: DamagedView;
  onStartFresh(): void;
}

export function DamagedHistory({ damaged, onStartFresh }: DamagedHistoryProps) {
  const t = useT();
  const words = useSay();
  return (
    <div className="damaged" role="alert">
      <p className="damaged__title">{t("history.damagedTitle")}</p>
      <p className="damaged__message">{words(damaged.message)}</p>
      <p>{t("history.damagedText")}</p>
      {damaged.error ? (
        <p className="damaged__error">{t("history.freshFailed", { error: words(damaged.error) ?? "" })}</p>
      ) : null}
      <button
        type="button"
        className="button button--secondary button--small damaged__button"
        disabled={damaged.busy}
        onClick={onStartFresh}
      >
        {damaged.busy ? t("history.startingFresh") : t("history.startFresh")}
      </button>
    </div>
  );
}

/**
 * What Start fresh did, in a live region. Mounted while the prompt shows
 * (and after), so the news is announced when it replaces the prompt.
 */
export function FreshNote({ text }: { text: Text | null }) {
  const words = useSay();
  return (
    <p className="fresh-note" role="status">
      {words(text) ?? ""}
    </p>
  );
}
