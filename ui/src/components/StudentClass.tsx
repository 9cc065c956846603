// The student's screen while in a class: the teacher's current poll first
// (on a phone it would otherwise open below the fold, under the welcome),
// then which class, with whom, as whom, their hand and the chat's rules, the
// earlier polls, and *Leave* (after a confirmation).

import { type ReactNode, useState } from "react";
import { useT } from "../i18n/I18n";
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
  /** The hand toggle and the chat's rules. */
  room?: ReactNode;
  /** The current poll's card (with its live region), first on the screen:
   * it stays in that place from opening to results, so the focus in it is
   * never lost to a move. */
  poll?: ReactNode;
  /** The class's earlier polls. */
  polls?: ReactNode;
  /** Covered by the phone's full-screen chat (see ClassLayout). */
  covered?: boolean;
  onLeave(): Promise<void> | void;
}

export function StudentClass(props: StudentClassProps) {
  const { className, teacher, you, online, closed, status, room, poll, polls, onLeave } = props;
  const t = useT();
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
      covered={props.covered}
      subtitle={t("class.studentSubtitle", { teacher })}
      status={status}
      action={
        closed ? null : (
          <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
            {t("class.leave")}
          </button>
        )
      }
    >
      {poll}
      <section className="student-panel">
        <p className="eyebrow">{t(closed ? "class.closedEyebrow" : "class.inClassEyebrow")}</p>
        <h2 className="student-panel__welcome">{closed ? t("class.noLongerIn") : t("class.welcome", { name: you })}</h2>
        <dl className="student-panel__facts">
          <div>
            <dt>{t("class.factClass")}</dt>
            <dd dir="auto">{className}</dd>
          </div>
          <div>
            <dt>{t("class.factTeacher")}</dt>
            <dd dir="auto">{teacher}</dd>
          </div>
          <div>
            <dt>{t("class.factOnline")}</dt>
            <dd>{closed ? "—" : online}</dd>
          </div>
        </dl>
        <p className="student-panel__hint">
          {t(closed ? "class.closedHint" : "class.studentHint")}
        </p>
      </section>
      {closed ? null : room}
      {polls}

      {confirming ? (
        <ConfirmDialog
          title={t("class.leaveConfirmTitle")}
          confirmLabel={t(leaving ? "class.leaving" : "class.leave")}
          busy={leaving}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void leave()}
        >
          <p>{t("class.leaveConfirmBody")}</p>
        </ConfirmDialog>
      ) : null}
    </ClassLayout>
  );
}
