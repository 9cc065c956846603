// The student's screen while in a class: which class, with whom, as whom,
// and *Leave* (after a confirmation).

import { type ReactNode, useState } from "react";
import { ClassLayout } from "./ClassLayout";
import { ConfirmDialog } from "./ConfirmDialog";
import "./ClassScreens.css";

export interface StudentClassProps {
  className: string;
  teacher: string;
  you: string;
  online: number;
  /** The connection is over (ended, removed…): the banner says why. */
  closed: boolean;
  status: ReactNode;
  onLeave(): Promise<void> | void;
}

export function StudentClass({ className, teacher, you, online, closed, status, onLeave }: StudentClassProps) {
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const leave = async () => {
    setLeaving(true);
    try {
      await onLeave();
    } finally {
      setLeaving(false);
      setConfirming(false);
    }
  };

  return (
    <ClassLayout
      className={className}
      subtitle={`with ${teacher}`}
      status={status}
      action={
        closed ? null : (
          <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
            Leave
          </button>
        )
      }
    >
      <section className="student-panel">
        <p className="eyebrow">{closed ? "Class closed" : "You are in the class"}</p>
        <h2 className="student-panel__welcome">{closed ? "You are no longer in the class" : `Welcome, ${you}`}</h2>
        <dl className="student-panel__facts">
          <div>
            <dt>Class</dt>
            <dd>{className}</dd>
          </div>
          <div>
            <dt>Teacher</dt>
            <dd>{teacher}</dd>
          </div>
          <div>
            <dt>Online now</dt>
            <dd>{closed ? "—" : online}</dd>
          </div>
        </dl>
        <p className="student-panel__hint">
          {closed
            ? "You can still read the chat. Choose “Back to home” to join a class again."
            : "Use the chat button at the bottom right to talk with your class. Your teacher’s messages are marked “Teacher”."}
        </p>
      </section>

      {confirming ? (
        <ConfirmDialog
          title="Leave this class?"
          confirmLabel={leaving ? "Leaving…" : "Leave"}
          busy={leaving}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void leave()}
        >
          <p>You can join again later with the same name from this computer.</p>
        </ConfirmDialog>
      ) : null}
    </ClassLayout>
  );
}
