// Everyone in the class with their online state; the teacher can remove a
// student (after a confirmation that can also ban the name).

import { useState } from "react";
import type { ParticipantView } from "../state/view";
import { ConfirmDialog } from "./ConfirmDialog";

export interface ParticipantsListProps {
  participants: ParticipantView[];
  onRemove(id: string, ban: boolean): Promise<void> | void;
}

export function ParticipantsList({ participants, onRemove }: ParticipantsListProps) {
  const [removing, setRemoving] = useState<ParticipantView | null>(null);
  const [ban, setBan] = useState(false);
  const online = participants.filter((p) => p.online).length;

  const close = () => {
    setRemoving(null);
    setBan(false);
  };

  return (
    <div className="people">
      <p className="people__summary">
        {online} online · {participants.length - online} offline
      </p>
      <ul className="people__list">
        {participants.map((p) => (
          <li key={p.id} className={p.online ? "person" : "person person--offline"}>
            <span className="person__avatar" aria-hidden="true">
              {[...p.name][0]?.toUpperCase() ?? "?"}
            </span>
            <span className="person__name">
              {p.name}
              {p.you ? <span className="person__you"> (you)</span> : null}
            </span>
            {p.teacher ? <span className="chip chip--teacher">Teacher</span> : null}
            <span className="person__state">
              <span className="person__dot" aria-hidden="true" />
              {p.online ? "Online" : "Offline"}
            </span>
            {p.removable ? (
              <button
                type="button"
                className="button button--subtle button--small"
                aria-label={`Remove ${p.name}`}
                onClick={() => setRemoving(p)}
              >
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.name} from the class?`}
          confirmLabel="Remove"
          danger
          onCancel={close}
          onConfirm={() => {
            void onRemove(removing.id, ban);
            close();
          }}
        >
          <p>
            {removing.name} will be disconnected from the chat. Unless you ban them, they can join again
            with the class code.
          </p>
          <label className="dialog__check">
            <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} />
            Also ban them from rejoining
          </label>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
