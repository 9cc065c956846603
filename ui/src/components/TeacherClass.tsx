// The teacher's screen while a class runs: the join code in large type, the
// address and join link students can type (and the link's QR code; when the
// hub serves the web client, the link is its page, which a phone opens from
// the QR code, optionally with the code in it), meant
// to be readable from the back of a room when projected, and whether the
// class is listed on the network, with what to do when it is not, and a
// warning while its messages cannot be saved. *End class* asks first.

import { type ReactNode, useId, useState } from "react";
import { type AdvertiseStatus, type JoinQr, QR_QUIET_ZONE } from "../api";
import { useSay, useT } from "../i18n/I18n";
import type { MessageId } from "../i18n";
import { type CodeAlert as CodeAlertView, advertiseFailure, advertiseWarnings } from "../state/view";
import { ClassLayout } from "./ClassLayout";
import { CodeAlert } from "./CodeAlert";
import { ConfirmDialog } from "./ConfirmDialog";
import "./ClassScreens.css";

export interface TeacherClassProps {
  className: string;
  /** Covered by the phone's full-screen chat (see ClassLayout). */
  covered?: boolean;
  teacher: string;
  code: string;
  addresses: string[];
  joinLink: string;
  qr: JoinQr | null;
  /** The join link is the web client's page (a browser opens it; it can carry the code). */
  web: boolean;
  /** The join link shown carries the class code. */
  linkWithCode: boolean;
  onLinkWithCode(on: boolean): Promise<void> | void;
  advertising: AdvertiseStatus;
  /** Why messages are not being saved now, or null while they are. */
  storageWarning: string | null;
  /** A past class was reopened (said discreetly next to the class). */
  resumed: boolean;
  /** Someone may be guessing the code, or the code was just changed. */
  codeAlert: CodeAlertView | null;
  onChangeCode(): Promise<void> | void;
  onDismissCodeAlert(): void;
  students: number;
  online: number;
  status: ReactNode;
  /** Raised hands waiting, while there are any. */
  room?: ReactNode;
  /** The class's polls (New poll, the current one's results, the earlier ones). */
  polls?: ReactNode;
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
  const t = useT();
  const { className, teacher, code, addresses, joinLink, qr, web, linkWithCode, advertising, students, online, status } = props;
  const { storageWarning, resumed, codeAlert } = props;
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
      covered={props.covered}
      subtitle={t(resumed ? "class.teacherSubtitleResumed" : "class.teacherSubtitle", { teacher })}
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
          <div className="banner-slot" role="alert">
            <CodeAlert alert={codeAlert} onChangeCode={props.onChangeCode} onDismiss={props.onDismissCodeAlert} />
          </div>
          {status}
        </>
      }
      action={
        <button type="button" className="button button--quiet-danger" onClick={() => setConfirming(true)}>
          {t("class.endClass")}
        </button>
      }
    >
      <section className="join-panel" aria-labelledby={`${id}-join`}>
        <h2 id={`${id}-join`} className="visually-hidden">
          {t("class.howStudentsJoin")}
        </h2>
        <div className="join-panel__code">
          <p className="eyebrow" id={`${id}-code`}>
            {t("class.classCode")}
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
          <p className="eyebrow">{t("class.studentsTypeAddress")}</p>
          {first ? (
            <>
              <p className="address address--main" dir="ltr">
                {first}
              </p>
              {others.length > 0 ? (
                <div className="address-others">
                  <p className="address-others__label">{t("class.otherNetworks")}</p>
                  <ul className="address-others__list">
                    {others.map((a) => (
                      <li key={a} className="address" dir="ltr">
                        {a}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div className="join-panel__link-row">
                {qr ? <QrCode qr={qr} /> : null}
                <div className="join-panel__link-text">
                  <p className="address-others__label">{t(linkLabel(web, qr !== null))}</p>
                  <p className="address join-panel__link" dir="ltr">
                    {joinLink}
                  </p>
                  {web ? (
                    <label className="join-panel__with-code">
                      <input
                        type="checkbox"
                        checked={linkWithCode}
                        aria-describedby={`${id}-with-code`}
                        onChange={(event) => void props.onLinkWithCode(event.target.checked)}
                      />
                      <span>{t("class.linkWithCode")}</span>
                    </label>
                  ) : null}
                  {web ? (
                    <p id={`${id}-with-code`} className="join-panel__with-code-hint">
                      {t(linkWithCode ? "class.linkWithCodeOn" : "class.linkWithCodeOff")}
                    </p>
                  ) : null}
                </div>
              </div>
            </>
          ) : (
            <p className="join-panel__none">{t("class.noAddress")}</p>
          )}
        </div>
        <ListingStatus advertising={advertising} onRetry={onRetryAdvertising} />
      </section>

      {props.room}
      {props.polls}

      <section className="steps" aria-labelledby={`${id}-steps`}>
        <h2 id={`${id}-steps`} className="steps__title">
          {t("class.tellStudents")}
        </h2>
        <ol className="steps__list">
          {advertising.state === "on" ? (
            <li>{t("class.stepPick", { className })}</li>
          ) : (
            <li>{t("class.stepType")}</li>
          )}
          <li>{t("class.stepCode")}</li>
          <li>{t("class.stepChat")}</li>
        </ol>
        {web && first ? <p className="steps__browser">{t("class.stepBrowser")}</p> : null}
        <p className="steps__presence">
          {students === 0 ? t("class.noStudents") : t("class.studentsJoined", { students, online })}
        </p>
      </section>

      {confirming ? (
        <ConfirmDialog
          title={t("class.endConfirmTitle")}
          confirmLabel={t(ending ? "class.ending" : "class.endClass")}
          danger
          busy={ending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void end()}
        >
          <p>{t("class.endConfirmBody")}</p>
        </ConfirmDialog>
      ) : null}
    </ClassLayout>
  );
}

/** What the join link is for: the web client's page (phones open it), or a link for the app. */
function linkLabel(web: boolean, scan: boolean): MessageId {
  if (web) return scan ? "class.webLinkScan" : "class.webLink";
  return scan ? "class.joinLinkScan" : "class.joinLink";
}

/** The join link's QR code, drawn from the path the core computed. */
function QrCode({ qr }: { qr: JoinQr }) {
  const t = useT();
  const side = qr.size + 2 * QR_QUIET_ZONE;
  return (
    <svg
      className="join-qr"
      viewBox={`${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${side} ${side}`}
      role="img"
      aria-label={t("class.qrLabel", { link: qr.text })}
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
  const t = useT();
  const say = useSay();
  const failure = advertising.state === "failed" ? advertiseFailure(advertising) : null;
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
            {t("class.listedOn", { instance: advertising.instance })}
          </p>
          {advertising.warnings.length > 0 ? (
            <p className="listing__detail">
              {t("class.listedWarnings", {
                details: advertiseWarnings(advertising)
                  .map((warning) => say(warning))
                  .join(" "),
              })}
            </p>
          ) : null}
        </div>
      );
    case "off":
      return (
        <div className="listing listing--off">
          <p>{t("class.listingOff")}</p>
        </div>
      );
    case "failed":
      return (
        <div className="listing listing--failed" role="alert">
          <p>
            <strong>{t("class.listingFailedTitle")}</strong> {t("class.listingFailedBody")}
          </p>
          <p className="listing__detail">{say(failure?.reason)}</p>
          <p className="listing__detail">{say(failure?.fix)}</p>
          {advertising.retry_helps ? (
            <button type="button" className="button button--secondary listing__retry" disabled={retrying} onClick={() => void retry()}>
              {t(retrying ? "class.retrying" : "class.retry")}
            </button>
          ) : null}
        </div>
      );
  }
}
