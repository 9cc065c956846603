// The teacher's screen while a class runs: the join code in large type, the
// address and join link students can type (and the link's QR code), meant
// to be readable from the back of a room when projected, and whether the
// class is listed on the network, with what to do when it is not, and a
// warning while its messages cannot be saved. *End class* asks first.

import { type ReactNode, useId, useState } from "react";
import { type AdvertiseStatus, type JoinQr, QR_QUIET_ZONE } from "../api";
import { ClassLayout } from "./ClassLayout";
import { ConfirmDialog } from "./ConfirmDialog";
import "./ClassScreens.css";

export interface TeacherClassProps {
  className: string;
  teacher: string;
  code: string;
  addresses: string[];
  joinLink: string;
  qr: JoinQr | null;
  advertising: AdvertiseStatus;
  /** Why messages are not being saved now, or null while they are. */
  storageWarning: string | null;
  /** A past class was reopened (said discreetly next to the class). */
  resumed: boolean;
  students: number;
  online: number;
  status: ReactNode;
  onEnd(): Promise<void> | void;
  onRetryAdvertising(): Promise<void> | void;
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

export function TeacherClass(props: TeacherClassProps) {
  const { className, teacher, code, addresses, joinLink, qr, advertising, students, online, status } = props;
  const { storageWarning, resumed } = props;
  const { onEnd, onRetryAdvertising } = props;
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
      subtitle={`Teacher: ${teacher}${resumed ? " · Resumed" : ""}`}
      status={
        <>
          {/* Stays mounted so that the warning is announced when it comes. */}
          <div className="banner-slot" role="alert">
            {storageWarning ? (
              <div className="banner banner--warning">
                <p className="banner__text">{storageWarning}</p>
              </div>
            ) : null}
          </div>
          {status}
        </>
      }
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
              <div className="join-panel__link-row">
                {qr ? <QrCode qr={qr} /> : null}
                <div className="join-panel__link-text">
                  <p className="address-others__label">or the join link{qr ? " (scan it)" : ""}:</p>
                  <p className="address join-panel__link">{joinLink}</p>
                </div>
              </div>
            </>
          ) : (
            <p className="join-panel__none">
              This computer has no network address yet. Connect it to the school network so
              students can join.
            </p>
          )}
        </div>
        <ListingStatus advertising={advertising} onRetry={onRetryAdvertising} />
      </section>

      <section className="steps" aria-labelledby={`${id}-steps`}>
        <h2 id={`${id}-steps`} className="steps__title">
          Tell your students
        </h2>
        <ol className="steps__list">
          {advertising.state === "on" ? (
            <li>Open Classroom and pick “{className}” under “Classes on this network”.</li>
          ) : (
            <li>Open Classroom and type the address shown above under “Join a class”.</li>
          )}
          <li>Type their name and the class code shown above, and click Join.</li>
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

/** Modules of light margin around a QR code (`QUIET_ZONE` in core/src/app/qr.rs). */

/** The join link's QR code, drawn from the path the core computed. */
function QrCode({ qr }: { qr: JoinQr }) {
  const side = qr.size + 2 * QR_QUIET_ZONE;
  return (
    <svg
      className="join-qr"
      viewBox={`${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${side} ${side}`}
      role="img"
      aria-label={`QR code of the join link ${qr.text}`}
      shapeRendering="crispEdges"
    >
      <rect className="join-qr__light" x={-QR_QUIET_ZONE} y={-QR_QUIET_ZONE} width={side} height={side} />
      <path className="join-qr__dark" d={qr.path} />
    </svg>
  );
}

interface ListingStatusProps {
  advertising: AdvertiseStatus;
  onRetry(): Promise<void> | void;
}

/** Whether students see the class in their list; when not, why and what to do. */
export function ListingStatus({ advertising, onRetry }: ListingStatusProps) {
  const [retrying, setRetrying] = useState(false);
  const retry = async () => {
    setRetrying(true);
    try {
      await onRetry();
    } finally {
      setRetrying(false);
    }
  };
  switch (advertising.state) {
    case "on":
      return (
        <div className="listing listing--on">
          <p>
            <span className="listing__mark" aria-hidden="true">
              ●
            </span>{" "}
            Listed on this network as “{advertising.instance}”: students see it in their list.
          </p>
          {advertising.warnings.length > 0 ? (
            <p className="listing__detail">
              If a student does not see it, give them the address. ({advertising.warnings.join(" ")})
            </p>
          ) : null}
        </div>
      );
    case "off":
      return (
        <div className="listing listing--off">
          <p>Not listed on the network (turned off when Classroom was started). Students type the address.</p>
        </div>
      );
    case "failed":
      return (
        <div className="listing listing--failed" role="alert">
          <p>
            <strong>Students will not see this class in their list.</strong> They can still join: give them
            the address or the join link above.
          </p>
          <p className="listing__detail">{advertising.reason}</p>
          <p className="listing__detail">{advertising.fix}</p>
          {advertising.retry_helps ? (
            <button type="button" className="button button--secondary listing__retry" disabled={retrying} onClick={() => void retry()}>
              {retrying ? "Trying…" : "Try again"}
            </button>
          ) : null}
        </div>
      );
  }
}
