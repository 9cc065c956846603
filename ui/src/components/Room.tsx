// Running the room: a student's Raise hand toggle and what the chat's rules
// mean for them; the teacher's queue of raised hands (oldest first, with how
// long each has waited), the chat's rules (locked, slow mode, the name
// filter that turns away students joining with an offensive name, and
// whether everyone may react to messages), and a note on the class screen
// while hands are up; and a polite live region that tells screen readers of
// each change. Renders views and reports intents; it knows
// nothing of the protocol.

import { useId } from "react";
import type { RulesChange } from "../api";
import type { Text } from "../i18n";
import { useSay, useT } from "../i18n/I18n";
import { type HandToggleView, type HandView, type RoomRulesView, SLOW_MODE_CHOICES } from "../state/roomView";
import { HandIcon } from "./icons";
import "./Room.css";

export interface HandToggleProps {
  hand: HandToggleView;
  /** The smaller size, for the chat panel. */
  compact?: boolean;
  /** Raise (true) or lower (false) the hand. */
  onToggle(raise: boolean): Promise<void> | void;
}

/** The student's hand: pressed while it is up. */
export function HandToggle({ hand, compact = false, onToggle }: HandToggleProps) {
  const t = useT();
  return (
    <button
      type="button"
      className={`button button--secondary hand-toggle${compact ? " button--small" : ""}`}
      aria-pressed={hand.raised}
      disabled={hand.disabled}
      onClick={() => void onToggle(!hand.raised)}
    >
      <HandIcon />
      {t(hand.raised ? "room.lowerHand" : "room.raiseHand")}
    </button>
  );
}

export interface StudentRoomProps {
  hand: HandToggleView;
  /** What the chat's rules mean for this student now (muted, locked, slow mode), first the main one. */
  notices: Text[];
  onToggle(raise: boolean): Promise<void> | void;
}

/** The student's class screen: the hand toggle, and the chat's rules when any apply. */
export function StudentRoom({ hand, notices, onToggle }: StudentRoomProps) {
  const t = useT();
  const say = useSay();
  const [main, ...more] = notices;
  return (
    <div className="room-student">
      <div className="room-student__hand">
        <HandToggle hand={hand} onToggle={onToggle} />
        {hand.raised ? <p className="room-student__status">{t("room.handIsUp")}</p> : null}
      </div>
      {main ? (
        <div className="room-rule">
          <p className="room-rule__main">{say(main)}</p>
          {more.map((line) => (
            <p key={line.id} className="room-rule__more">
              {say(line)}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Tells screen readers of the room's latest change (stays mounted so each change is heard). */
export function RoomAnnouncer({ announcement }: { announcement: Text | null }) {
  const say = useSay();
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {say(announcement) ?? ""}
    </div>
  );
}

export interface TeacherRoomProps {
  /** Raised hands, oldest first. */
  hands: HandView[];
  rules: RoomRulesView;
  /** Not connected: hands cannot be lowered now. */
  disabled: boolean;
  onLower(id: string): Promise<void> | void;
  onLowerAll(): Promise<void> | void;
  onRules(change: RulesChange): Promise<void> | void;
}

/** The teacher's top of the Participants tab: the raised hands, then the chat's rules. */
export function TeacherRoom(props: TeacherRoomProps) {
  return (
    <div className="room-teacher">
      <HandsQueue hands={props.hands} disabled={props.disabled} onLower={props.onLower} onLowerAll={props.onLowerAll} />
      <RulesControls rules={props.rules} onRules={props.onRules} />
    </div>
  );
}

function HandsQueue({ hands, disabled, onLower, onLowerAll }: Omit<TeacherRoomProps, "rules" | "onRules">) {
  const t = useT();
  const say = useSay();
  const id = useId();
  return (
    <section className="room-hands" aria-labelledby={`${id}-title`}>
      <div className="room-hands__head">
        <h3 id={`${id}-title`} className="room-hands__title">
          <HandIcon />
          {t("room.handsTitle")}
          {hands.length > 0 ? <span className="room-hands__count">{hands.length}</span> : null}
        </h3>
        {hands.length > 0 ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={disabled}
            onClick={() => void onLowerAll()}
          >
            {t("room.lowerAll")}
          </button>
        ) : null}
      </div>
      {hands.length === 0 ? (
        <p className="room-hands__none">{t("room.noHands")}</p>
      ) : (
        <ol className="room-hands__list">
          {hands.map((hand) => (
            <li key={hand.id} className="room-hand">
              <bdi className="room-hand__name">{hand.name}</bdi>
              <span className="room-hand__waited">{say(hand.waited)}</span>
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={t("room.lowerName", { name: hand.name })}
                disabled={disabled}
                onClick={() => void onLower(hand.id)}
              >
                {t("room.lower")}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RulesControls({ rules, onRules }: Pick<TeacherRoomProps, "rules" | "onRules">) {
  const t = useT();
  const id = useId();
  return (
    <section className="room-rules" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="room-rules__title">
        {t("room.rulesTitle")}
      </h3>
      <div className="room-rules__controls">
        <label className="room-rules__lock">
          <input
            type="checkbox"
            checked={rules.locked}
            disabled={rules.disabled}
            aria-describedby={`${id}-lock`}
            onChange={(event) => void onRules({ locked: event.target.checked })}
          />
          {t("room.lock")}
        </label>
        <label className="room-rules__slow">
          {t("room.slowModeLabel")}
          <select
            className="room-rules__select"
            value={rules.slowSeconds}
            disabled={rules.disabled}
            aria-describedby={`${id}-slow`}
            onChange={(event) => void onRules({ slow_seconds: Number(event.target.value) })}
          >
            {SLOW_MODE_CHOICES.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? t("room.slowOff") : t("room.slowSeconds", { seconds })}
              </option>
            ))}
          </select>
        </label>
        <label className="room-rules__name-filter">
          <input
            type="checkbox"
            checked={rules.nameFilter}
            disabled={rules.disabled}
            aria-describedby={`${id}-filter`}
            onChange={(event) => void onRules({ name_filter: event.target.checked })}
          />
          {t("room.nameFilter")}
        </label>
        <label className="room-rules__reactions">
          <input
            type="checkbox"
            checked={rules.reactions}
            disabled={rules.disabled}
            aria-describedby={`${id}-reactions`}
            onChange={(event) => void onRules({ reactions_off: !event.target.checked })}
          />
          {t("room.reactions")}
        </label>
      </div>
      <p id={`${id}-lock`} className="visually-hidden">
        {t("room.lockHint")}
      </p>
      <p id={`${id}-slow`} className="visually-hidden">
        {t("room.slowHint")}
      </p>
      <p id={`${id}-filter`} className="visually-hidden">
        {t("room.nameFilterHint")}
      </p>
      <p id={`${id}-reactions`} className="visually-hidden">
        {t("room.reactionsHint")}
      </p>
    </section>
  );
}

export interface HandsWaitingProps {
  count: number;
  onShow(): void;
}

/** The teacher's class screen, while hands are up: how many, and the way to the queue. */
export function HandsWaiting({ count, onShow }: HandsWaitingProps) {
  const t = useT();
  if (count === 0) return null;
  return (
    <div className="hands-waiting">
      <HandIcon className="hands-waiting__icon" />
      <p className="hands-waiting__text">{t("room.handsCount", { count })}</p>
      <button type="button" className="button button--secondary button--small" onClick={onShow}>
        {t("room.showHands")}
      </button>
    </div>
  );
}
