// Everyone in the class with their online state and a raised hand (hands
// are public); the teacher can mute or unmute a student (marked muted),
// rename one (a dialog with the new name), remove one (after a confirmation that can also ban the name), or every
// student offline at once (after a confirmation). While a poll is open, the
// teacher sees who has answered it and who not yet (not for anonymous polls).

import { useState } from "react";
import { useT } from "../i18n/I18n";
import type { RenameDialogView } from "../state/namesView";
import type { ParticipantView } from "../state/view";
import { ConfirmDialog } from "./ConfirmDialog";
import { RenameDialog } from "./RenameDialog";
import { CheckIcon } from "./PollResults";
import { HandIcon } from "./icons";
import "./Room.css";

export interface ParticipantsListProps {
  participants: ParticipantView[];
  /** Students offline now that the teacher may remove at once (0: no button). */
  offlineStudents: number;
  onRemove(id: string, ban: boolean): Promise<void> | void;
  onRemoveOffline(): Promise<void> | void;
  /** Teacher, open poll: whether each student has answered it, by participant id (`participantMarks`). */
  answered?: Record<string, boolean>;
  /** Teacher: mutes or unmutes a student (no button without it). */
  onMute?(id: string, muted: boolean): Promise<void> | void;
  /** Teacher: Mute, Unmute and Rename cannot act now (not connected). */
  actionsDisabled?: boolean;
  /** Teacher: the Rename dialog, while it is open for a student (`renameDialog`). */
  rename?: RenameDialogView | null;
  /** Teacher: opens the Rename dialog for a student, or closes it (null); no Rename button without it. */
  onRenameDialog?(id: string | null): void;
  /** Teacher: gives a student a new name (the dialog closes once the class has it). */
  onRename?(id: string, name: string): Promise<void> | void;
}

export function ParticipantsList(props: ParticipantsListProps) {
  const { participants, offlineStudents, onRemove, onRemoveOffline, answered, onMute, actionsDisabled = false } = props;
  const { rename = null, onRenameDialog, onRename } = props;
  const renaming = onRenameDialog && onRename ? { open: onRenameDialog, save: onRename } : null;
  const t = useT();
  const [removing, setRemoving] = useState<ParticipantView | null>(null);
  const [removingOffline, setRemovingOffline] = useState(false);
  const [ban, setBan] = useState(false);
  const online = participants.filter((p) => p.online).length;

  const close = () => {
    setRemoving(null);
    setBan(false);
  };

  return (
    <div className="people">
      <div className="people__head">
        <p className="people__summary">
          {t("chat.peopleSummary", { online, offline: participants.length - online })}
        </p>
        {offlineStudents > 0 ? (
          <button type="button" className="button button--subtle button--small" onClick={() => setRemovingOffline(true)}>
            {t("chat.removeOffline", { count: offlineStudents })}
          </button>
        ) : null}
      </div>
      <ul className="people__list">
        {participants.map((p) => (
          <li key={p.id} className={p.online ? "person" : "person person--offline"}>
            <span className="person__avatar" aria-hidden="true">
              {[...p.name][0]?.toUpperCase() ?? "?"}
            </span>
            <span className="person__name">
              <bdi>{p.name}</bdi>
              {p.you ? <span className="person__you"> {t("chat.youMark")}</span> : null}
            </span>
            {p.teacher ? <span className="chip chip--teacher">{t("common.teacher")}</span> : null}
            {p.hand ? (
              <span className="chip chip--hand">
                <HandIcon />
                {t("room.handMark")}
              </span>
            ) : null}
            {p.muted ? <span className="chip chip--muted">{t("room.mutedMark")}</span> : null}
            {answered && p.id in answered ? (
              answered[p.id] ? (
                <span className="chip poll-answered poll-answered--yes">
                  <CheckIcon />
                  {t("polls.markAnswered")}
                </span>
              ) : (
                <span className="chip poll-answered poll-answered--no">{t("polls.markNotYet")}</span>
              )
            ) : null}
            <span className="person__state">
              <span className="person__dot" aria-hidden="true" />
              {t(p.online ? "chat.online" : "chat.offline")}
            </span>
            {(p.mutable && onMute) || (p.renamable && renaming) || p.removable ? (
              <span className="person__actions">
                {p.mutable && onMute ? (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t(p.muted ? "room.unmuteName" : "room.muteName", { name: p.name })}
                    disabled={actionsDisabled}
                    onClick={() => void onMute(p.id, !p.muted)}
                  >
                    {t(p.muted ? "room.unmute" : "room.mute")}
                  </button>
                ) : null}
                {p.renamable && renaming ? (
                  <button
                    type="button"
                    className="button button--secondary button--small person__rename"
                    aria-label={t("names.renameName", { name: p.name })}
                    disabled={actionsDisabled}
                    onClick={() => renaming.open(p.id)}
                  >
                    {t("names.rename")}
                  </button>
                ) : null}
                {p.removable ? (
                  <button
                    type="button"
                    className="button button--subtle button--small"
                    aria-label={t("chat.removeName", { name: p.name })}
                    onClick={() => setRemoving(p)}
                  >
                    {t("chat.remove")}
                  </button>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {removing ? (
        <ConfirmDialog
          title={t("chat.removeTitle", { name: removing.name })}
          confirmLabel={t("chat.remove")}
          danger
          onCancel={close}
          onConfirm={() => {
            void onRemove(removing.id, ban);
            close();
          }}
        >
          <p>{t("chat.removeBody", { name: removing.name })}</p>
          <label className="dialog__check">
            <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} />
            {t("chat.ban")}
          </label>
        </ConfirmDialog>
      ) : null}
      {rename && renaming ? (
        <RenameDialog key={rename.id} rename={rename} onSave={renaming.save} onCancel={() => renaming.open(null)} />
      ) : null}
      {removingOffline && offlineStudents > 0 ? (
        <ConfirmDialog
          title={t("chat.removeOfflineTitle", { count: offlineStudents })}
          confirmLabel={t("chat.removeOfflineConfirm")}
          danger
          onCancel={() => setRemovingOffline(false)}
          onConfirm={() => {
            void onRemoveOffline();
            setRemovingOffline(false);
          }}
        >
          <p>{t("chat.removeOfflineBody")}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
