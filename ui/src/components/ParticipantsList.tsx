// Everyone in the class with their online state and a raised hand (hands
// are public); the teacher can mute or unmute a student (marked muted),
// rename one (a dialog with the new name), remove one (after a confirmation that can also ban the name), or every
// student offline at once (after a confirmation). While a poll is open, the
// teacher sees who has answered it and who not yet (not for anonymous polls).
//
// A class can be large: only the rows in view of the panel that scrolls it
// (and a few around them) are in the DOM, each measured as it is drawn and
// saying where it is in the whole list (aria-posinset, aria-setsize). The
// row that last held the focus (a dialog hands the focus back to it), and
// the one a Remove or Rename dialog is about, stay drawn when scrolled away.
// With nothing around it that scrolls, every row is drawn.

import { useLayoutEffect, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useT } from "../i18n/I18n";
import type { RenameDialogView } from "../state/namesView";
import type { ParticipantView } from "../state/view";
import { ConfirmDialog } from "./ConfirmDialog";
import { RenameDialog } from "./RenameDialog";
import { CheckIcon } from "./PollResults";
import { HandIcon } from "./icons";
import { measureRow, offsetIn, rangeKeeping, writeScrollTop } from "./virtualList";
import "./Room.css";
import "./VirtualList.css";

/** A row's height before it is measured (px): ChatPopup.css's 48 px minimum. */
const ROW_ESTIMATE_PX = 48;
/** The space between two rows (px); ChatPopup.css's `.people__list` gap. */
const ROW_GAP_PX = 2;
/** Rows drawn beyond each edge of the view. */
const OVERSCAN = 10;
/** The view assumed until the panel that scrolls the list is found (px). */
const FIRST_VIEW_PX = 800;

/** The nearest element around `el` that scrolls vertically, or null. */
function scrollingParent(el: HTMLElement): HTMLElement | null {
  for (let node = el.parentElement; node !== null; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY === "auto" || overflowY === "scroll" || overflowY === "overlay") return node;
  }
  return null;
}

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

  const list = useRef<HTMLUListElement>(null);
  // What scrolls the list: not known before the first layout (a first
  // screenful is drawn meanwhile), none (every row is drawn), or the panel.
  const [scroller, setScroller] = useState<HTMLElement | null | undefined>(undefined);
  // Where the list starts in it (below the summary, and the teacher's raised
  // hands and rules above it): the virtualizer's scroll margin.
  const [listTop, setListTop] = useState(0);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const indexOf = (id: string | null | undefined) => (id == null ? -1 : participants.findIndex((p) => p.id === id));

  // The rows get plain values and the virtualizer's own (stable)
  // measureElement; the app is not built with the React Compiler this rule
  // warns for.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer<HTMLElement, HTMLElement>({
    count: participants.length,
    enabled: scroller !== null,
    getScrollElement: () => scroller ?? null,
    getItemKey: (index) => participants[index]?.id ?? index,
    estimateSize: () => ROW_ESTIMATE_PX,
    gap: ROW_GAP_PX,
    overscan: OVERSCAN,
    scrollMargin: listTop,
    initialRect: { width: 0, height: FIRST_VIEW_PX },
    measureElement: measureRow,
    scrollToFn: writeScrollTop,
    rangeExtractor: (range) => rangeKeeping(range, [indexOf(focusedId), indexOf(removing?.id), indexOf(rename?.id)]),
  });
  const virtual = scroller !== null;
  const rows = virtual
    ? virtualizer.getVirtualItems().map((item) => ({ index: item.index, top: item.start - listTop }))
    : participants.map((_, index) => ({ index, top: 0 }));

  // Find what scrolls the list, once it is laid out.
  useLayoutEffect(() => {
    if (list.current) setScroller(scrollingParent(list.current));
  }, []);

  // After each change: where the list starts (what is above it may have
  // grown: raised hands, the rules), and the drawn rows' heights now (a chip
  // came, buttons wrapped), before they are painted over each other. After
  // every render, as what is above comes from outside; an unchanged top sets
  // no state, so it stops there.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (!scroller || !list.current) return;
    setListTop(offsetIn(list.current, scroller));
    for (const row of list.current.children) virtualizer.measureElement(row as HTMLElement);
  });

  // The panel's width changes the rows' (wrapped buttons) and what is above.
  useLayoutEffect(() => {
    if (!scroller || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (list.current) setListTop(offsetIn(list.current, scroller));
    });
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [scroller]);

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
      <ul
        ref={list}
        className={virtual ? "people__list virtual-list" : "people__list"}
        style={virtual ? { height: virtualizer.getTotalSize() } : undefined}
        onFocus={(event) => {
          const row = (event.target as Element).closest<HTMLElement>("[data-key]");
          if (row?.dataset.key) setFocusedId(row.dataset.key);
        }}
      >
        {rows.map(({ index, top }) => {
          const p = participants[index]!;
          return (
            <li
              key={p.id}
              ref={virtual ? virtualizer.measureElement : undefined}
              data-index={index}
              data-key={p.id}
              aria-posinset={index + 1}
              aria-setsize={participants.length}
              style={virtual ? { top } : undefined}
              className={p.online ? "person" : "person person--offline"}
            >
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
          );
        })}
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
