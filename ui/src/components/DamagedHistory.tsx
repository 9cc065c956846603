// The prompt shown when the class history file is damaged: what the shell
// said, that Start fresh keeps the damaged file aside (nothing is deleted),
// and the button. Used on Home and on the Past classes screen.

import type { DamagedView } from "../state/pastClasses";
import "./DamagedHistory.css";

export interface DamagedHistoryProps {
  damaged: DamagedView;
  onStartFresh(): void;
}

export function DamagedHistory({ damaged, onStartFresh }: DamagedHistoryProps) {
  return (
    <div className="damaged" role="alert">
      <p className="damaged__title">The class history cannot be read.</p>
      <p className="damaged__message">{damaged.message}</p>
      <p>Start fresh to go on with an empty history: the damaged file is kept aside, not deleted.</p>
      {damaged.error ? <p className="damaged__error">Could not start fresh: {damaged.error}</p> : null}
      <button
        type="button"
        className="button button--secondary button--small damaged__button"
        disabled={damaged.busy}
        onClick={onStartFresh}
      >
        {damaged.busy ? "Starting fresh…" : "Start fresh"}
      </button>
    </div>
  );
}

/**
 * What Start fresh did, in a live region. Mounted while the prompt shows
 * (and after), so the news is announced when it replaces the prompt.
 */
export function FreshNote({ text }: { text: string | null }) {
  return (
    <p className="fresh-note" role="status">
      {text ?? ""}
    </p>
  );
}
