// The teacher's screen while a class runs: the join code in large type and
// the addresses students type, meant to be readable from the back of a room
// when projected. *End class* asks first.

import { type ReactNode, useId, useState } from "react";
import { ClassLayout } from "./ClassLayout";
import { ConfirmDialog } from "./ConfirmDialog";
import "./ClassScreens.css";

export interface TeacherClassProps {
  className: string;
  teacher: string;
  code: string;
  addresses: string[];
  students: number;
  online: number;
  status: ReactNode;
  onEnd(): Promise<void> | void;
}

/** "482913" shown as two groups of three, easier to read out; other codes whole. */
function groups(code: string): string[] {
  if (code === "") return ["—"];
  return /^\d{6}$/.test(code) ? [code.slice(0, 3), code.slice(3)] : [code];
}

/** "482913" read out digit by digit by screen readers. */
function spelled(code: string): string {
  return [...code].join(" ");
}

export function TeacherClass({ className, teacher, code, addresses, students, online, status, onEnd }: TeacherClassProps) {
  const [confirming, setConfirming] = useState(false);
  const [ending, setEnding] = useState(false);
  const [first, ...others] = addresses;
  const id = useId();

  const end = async () => {
    setEnding(true);
    try {
      await onEnd();
    } finally {
      setEnding(false);
      setConfirming(false);
    }
  };

  return (
    <ClassLayout
      className={className}
      subtitle={`Teacher: ${teacher}`}
      status={status}
      action={
        <button type="button" className="button button--quiet-danger" onClick={() => setConfirming(true)}>
          End class
        </button>
      }
    >
      <section className="join-panel" aria-labelledby={`${id}-join`}>
        <h2 id={`${id}-join`} className="visually-hidden">
          How students join
        </h2>
        <div className="join-panel__code">
          <p className="eyebrow" id={`${id}-code`}>
            Class code
          </p>
          <p className="class-code" aria-labelledby={`${id}-code`} aria-describedby={`${id}-spelled`}>
            {groups(code).map((group, i) => (
              // Groups are spaced with CSS, not a space character: students
              // type (or copy) the code without one.
              <span key={i} className="class-code__group">
                {group}
              </span>
            ))}
          </p>
          <p id={`${id}-spelled`} className="visually-hidden">
            {spelled(code)}
          </p>
        </div>
        <div className="join-panel__where">
          <p className="eyebrow">Students type this address</p>
          {first ? (
            <>
              <p className="address address--main">{first}</p>
              {others.length > 0 ? (
                <div className="address-others">
                  <p className="address-others__label">or, on another network:</p>
                  <ul className="address-others__list">
                    {others.map((a) => (
                      <li key={a} className="address">
                        {a}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </>
          ) : (
            <p className="join-panel__none">
              This computer has no network address yet. Connect it to the school network so
              students can join.
            </p>
          )}
        </div>
      </section>

      <section className="steps" aria-labelledby={`${id}-steps`}>
        <h2 id={`${id}-steps`} className="steps__title">
          Tell your students
        </h2>
        <ol className="steps__list">
          <li>Open Classroom and choose “Join a class”.</li>
          <li>Type the address and the class code shown above, and their name.</li>
          <li>Chat with the button at the bottom right. You can remove a student from the Participants tab.</li>
        </ol>
        <p className="steps__presence">
          {students === 0
            ? "No students have joined yet."
            : `${students} ${students === 1 ? "student" : "students"} joined · ${online} online`}
        </p>
      </section>

      {confirming ? (
        <ConfirmDialog
          title="End the class for everyone?"
          confirmLabel={ending ? "Ending…" : "End class"}
          danger
          busy={ending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void end()}
        >
          <p>Every student is disconnected and the chat closes. Students cannot join this class again.</p>
        </ConfirmDialog>
      ) : null}
    </ClassLayout>
  );
}
