// The chat popup of the reference design: a round button bottom-right with
// an unread badge, opening a panel with "Chat", "Participants (N)" (the
// teacher's counts raised hands too) and "Questions" tabs (the teacher's
// counts the private questions waiting for an answer), the pinned message
// above the messages, and reactions under them.
// Renders props and reports intents; it knows nothing of the protocol.

import { type KeyboardEvent, type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useT } from "../i18n/I18n";
import type { Tab } from "../state/classroom";
import type { MessageActionsLookup, PinnedView } from "../state/messageEditsView";
import type { Reaction } from "../state/reactions";
import type { ReactionsLookup } from "../state/reactionsView";
import type { RenameDialogView } from "../state/namesView";
import type { EarlierView, MessageView, ParticipantView } from "../state/view";
import { Composer, type ComposerRules } from "./Composer";
import { MessageList } from "./MessageList";
import { ParticipantsList } from "./ParticipantsList";
import { PinnedMessage } from "./PinnedMessage";
import { ChatIcon, CloseIcon } from "./icons";
import "./ChatPopup.css";

/** Where the open chat takes the whole screen: ChatPopup.css's rule for phones, word for word. */
export const FULL_SCREEN_CHAT = "(max-width: 599px), (max-height: 499px) and (pointer: coarse)";

export interface ChatPopupProps {
  open: boolean;
  tab: Tab;
  unread: number;
  atBottom: boolean;
  title: string;
  messages: MessageView[];
  /** What the top of the message list offers (earlier messages, the start of the class). */
  earlier: EarlierView;
  participants: ParticipantView[];
  /** Teacher: students offline now, removable at once. */
  offlineStudents: number;
  /** Teacher: who has answered the open poll (not an anonymous one), by id. */
  answered?: Record<string, boolean>;
  /** Student: the open poll, shown above the messages while the chat is open. */
  poll?: ReactNode;
  typingText: string | null;
  maxChars: number | null;
  /** Why nothing can be sent now, or null. */
  disabledReason: string | null;
  /** The chat's rules for this user (muted, locked, slow mode), worded; none for the teacher. */
  composerRules?: ComposerRules;
  /** Student: what they can do besides writing (the hand toggle), above the message box. */
  actions?: ReactNode;
  /** Teacher: raised hands, counted on the Participants tab. */
  raisedHands?: number;
  /** Teacher: the top of the Participants tab (raised hands, the chat's rules). */
  participantsTop?: ReactNode;
  /** Teacher: the hand and mute buttons cannot act now (not connected). */
  roomActionsDisabled?: boolean;
  /** The connection's state when it is not simply connected. */
  notice: { tone: "info" | "warning" | "error"; text: string } | null;
  /** Text for the screen reader's live region: the newest message from others. */
  announcement: string | null;
  onToggle(open: boolean): void;
  onSelectTab(tab: Tab): void;
  onScrolled(atBottom: boolean): void;
  onLoadEarlier(): void;
  onSend(text: string): void;
  onTyped(text: string): void;
  onRemove(id: string, ban: boolean): Promise<void> | void;
  onRemoveOffline(): Promise<void> | void;
  /** Teacher: mutes or unmutes a student. */
  onMute?(id: string, muted: boolean): Promise<void> | void;
  /** Teacher: the Rename dialog, while open for a student. */
  rename?: RenameDialogView | null;
  /** Teacher: opens the Rename dialog for a student, or closes it (null). */
  onRenameDialog?(id: string | null): void;
  /** Teacher: gives a student a new name. */
  onRename?(id: string, name: string): Promise<void> | void;
  /** The message pinned at the top of the chat, if any. */
  pinned?: PinnedView | null;
  /** What this user may do with a message (`messageActions`): asked for the lines drawn only. */
  messageActions?: MessageActionsLookup;
  /** Deletes a message for everyone (asked after a confirmation). */
  onDeleteMessage?(seq: number): Promise<void> | void;
  /** Teacher: pins a message, or unpins (null). */
  onPinMessage?(seq: number | null): Promise<void> | void;
  /** A message's reactions (`messageReactions`): asked for the lines drawn only. */
  reactions?: ReactionsLookup;
  /** Adds (`on`) or takes back this user's reaction on a message. */
  onReact?(seq: number, emoji: Reaction, on: boolean): Promise<void> | void;
  /** The Questions tab's contents; without, there is no Questions tab. */
  questions?: ReactNode;
  /** Teacher: private questions waiting for an answer, counted on the Questions tab. */
  questionsWaiting?: number;
  /** Student: the message box's notice (muted, locked chat) offers asking the teacher privately. */
  askPrivately?: boolean;
}

const TABS: readonly Tab[] = ["chat", "participants", "questions"];
const TABS_WITHOUT_QUESTIONS: readonly Tab[] = ["chat", "participants"];

function badgeText(unread: number): string {
  return unread > 99 ? "99+" : String(unread);
}

export function ChatPopup(props: ChatPopupProps) {
  const t = useT();
  const { open, tab, unread, participants, onToggle, onSelectTab } = props;
  const hands = props.raisedHands ?? 0;
  const waiting = props.questionsWaiting ?? 0;
  const tabs = props.questions !== undefined ? TABS : TABS_WITHOUT_QUESTIONS;
  const id = useId();
  const panelId = `${id}-panel`;
  const tabId = (t: Tab) => `${id}-tab-${t}`;
  const tabPanelId = (t: Tab) => `${id}-tabpanel-${t}`;
  const fab = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const tabButtons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const wasOpen = useRef(open);
  // The unsent text survives closing the panel and switching tabs.
  const [draft, setDraft] = useState("");

  // Opening puts the cursor in the message box (or on the selected tab);
  // closing hands focus back to the button that opened the panel.
  useEffect(() => {
    if (open && !wasOpen.current) {
      if (tab === "chat" && input.current && !input.current.disabled) input.current.focus();
      else tabButtons.current[tab]?.focus();
    } else if (!open && wasOpen.current) {
      const active = document.activeElement;
      if (active === null || active === document.body || !active.isConnected) fab.current?.focus();
    }
    wasOpen.current = open;
  }, [open, tab]);

  const close = () => {
    onToggle(false);
    fab.current?.focus();
  };

  // Unpinned while the focus was in the pin's bar (its Unpin button): the
  // focus goes to the message box, or the Chat tab, rather than the page.
  const pinFocus = useRef(false);
  const pinnedSeq = props.pinned?.seq ?? null;
  useLayoutEffect(() => {
    if (pinnedSeq !== null || !pinFocus.current) return;
    pinFocus.current = false;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    if (input.current && !input.current.disabled) input.current.focus();
    else tabButtons.current.chat?.focus();
  }, [pinnedSeq]);

  // Escape closes the panel wherever the focus is, unless a dialog took it
  // (dialogs mark the event handled).
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      onToggle(false);
      fab.current?.focus();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open, onToggle]);

  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = tabs.indexOf(tab);
    let next: Tab | undefined;
    if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
    else if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
    else if (event.key === "Home") next = tabs[0];
    else if (event.key === "End") next = tabs[tabs.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    onSelectTab(next);
    tabButtons.current[next]?.focus();
  };

  /** Another tab, chosen from inside the panel: the focus goes to its tab. */
  const selectTab = (next: Tab) => {
    onSelectTab(next);
    tabButtons.current[next]?.focus();
  };

  const fabLabel = open ? t("chat.close") : unread > 0 ? t("chat.openUnread", { unread }) : t("chat.open");

  return (
    <>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {props.announcement ?? ""}
      </div>

      {open ? (
        <section id={panelId} className="chat-panel" aria-label={t("chat.title")}>
          <header className="chat-panel__header">
            <div className="chat-panel__heading">
              <h2 className="chat-panel__title">{t("chat.title")}</h2>
              <p className="chat-panel__subtitle" dir="auto">
                {props.title}
              </p>
            </div>
            <button type="button" className="icon-button" aria-label={t("chat.close")} onClick={close}>
              <CloseIcon />
            </button>
          </header>

          <div className="chat-panel__tabs" role="tablist" aria-label={t("chat.sections")}>
            {tabs.map((name) => {
              const selected = name === tab;
              return (
                <button
                  key={name}
                  ref={(el) => {
                    tabButtons.current[name] = el;
                  }}
                  id={tabId(name)}
                  type="button"
                  role="tab"
                  className="chat-tab"
                  aria-selected={selected}
                  aria-controls={tabPanelId(name)}
                  tabIndex={selected ? 0 : -1}
                  onClick={() => onSelectTab(name)}
                  onKeyDown={onTabKeyDown}
                >
                  {name === "chat"
                    ? t("chat.tabChat")
                    : name === "participants"
                      ? t("chat.tabParticipants", { count: participants.length })
                      : t("questions.tab")}
                  {name === "questions" && waiting > 0 ? (
                    <>
                      <span className="chat-tab__badge chat-tab__badge--hands" aria-hidden="true">
                        {badgeText(waiting)}
                      </span>
                      <span className="visually-hidden">{t("questions.tabWaiting", { count: waiting })}</span>
                    </>
                  ) : null}
                  {name === "participants" && hands > 0 ? (
                    <>
                      <span className="chat-tab__badge chat-tab__badge--hands" aria-hidden="true">
                        {badgeText(hands)}
                      </span>
                      <span className="visually-hidden">{t("room.tabHands", { count: hands })}</span>
                    </>
                  ) : null}
                  {name === "chat" && tab !== "chat" && unread > 0 ? (
                    <>
                      <span className="chat-tab__badge" aria-hidden="true">
                        {badgeText(unread)}
                      </span>
                      <span className="visually-hidden">{t("chat.tabUnread", { unread })}</span>
                    </>
                  ) : null}
                </button>
              );
            })}
          </div>

          {props.notice ? (
            <p className={`chat-panel__notice chat-panel__notice--${props.notice.tone}`}>{props.notice.text}</p>
          ) : null}

          <div
            id={tabPanelId("chat")}
            className="chat-panel__body"
            role="tabpanel"
            aria-labelledby={tabId("chat")}
            hidden={tab !== "chat"}
          >
            {tab === "chat" ? (
              <>
                {props.pinned ? (
                  <div
                    className="chat-panel__pin"
                    onFocus={() => {
                      pinFocus.current = true;
                    }}
                    onBlur={(event) => {
                      if (!event.currentTarget.contains(event.relatedTarget)) pinFocus.current = false;
                    }}
                  >
                    <PinnedMessage
                      key={props.pinned.seq}
                      pinned={props.pinned}
                      onUnpin={() => props.onPinMessage?.(null)}
                    />
                  </div>
                ) : null}
                {props.poll ? <div className="chat-panel__poll">{props.poll}</div> : null}
                <MessageList
                  messages={props.messages}
                  unread={unread}
                  atBottom={props.atBottom}
                  earlier={props.earlier}
                  onScrolled={props.onScrolled}
                  onLoadEarlier={props.onLoadEarlier}
                  actions={props.messageActions}
                  onDelete={props.onDeleteMessage}
                  onPin={props.onPinMessage}
                  reactions={props.reactions}
                  onReact={props.onReact}
                />
                {props.actions ? <div className="chat-panel__actions">{props.actions}</div> : null}
                <Composer
                  inputRef={input}
                  rules={props.composerRules}
                  text={draft}
                  onTextChange={setDraft}
                  maxChars={props.maxChars}
                  disabledReason={props.disabledReason}
                  typingText={props.typingText}
                  onSend={props.onSend}
                  onTyped={props.onTyped}
                  blockedAction={
                    props.askPrivately && props.questions !== undefined ? (
                      <button type="button" className="composer__ask" onClick={() => selectTab("questions")}>
                        {t("questions.askPrivately")}
                      </button>
                    ) : null
                  }
                />
              </>
            ) : null}
          </div>
          <div
            id={tabPanelId("participants")}
            className="chat-panel__body chat-panel__body--scroll"
            role="tabpanel"
            aria-labelledby={tabId("participants")}
            hidden={tab !== "participants"}
          >
            {tab === "participants" ? (
              <>
                {props.participantsTop}
                <ParticipantsList
                  participants={participants}
                  offlineStudents={props.offlineStudents}
                  answered={props.answered}
                  onRemove={props.onRemove}
                  onRemoveOffline={props.onRemoveOffline}
                  onMute={props.onMute}
                  actionsDisabled={props.roomActionsDisabled}
                  rename={props.rename}
                  onRenameDialog={props.onRenameDialog}
                  onRename={props.onRename}
                />
              </>
            ) : null}
          </div>
          {props.questions !== undefined ? (
            <div
              id={tabPanelId("questions")}
              className="chat-panel__body chat-panel__body--scroll"
              role="tabpanel"
              aria-labelledby={tabId("questions")}
              hidden={tab !== "questions"}
            >
              {/* Kept while hidden, so that what is typed in it survives switching tabs. */}
              {props.questions}
            </div>
          ) : null}
        </section>
      ) : null}

      <button
        ref={fab}
        type="button"
        className="chat-fab"
        aria-label={fabLabel}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => onToggle(!open)}
      >
        {open ? <CloseIcon /> : <ChatIcon />}
        {!open && unread > 0 ? (
          <span className="chat-fab__badge" aria-hidden="true">
            {badgeText(unread)}
          </span>
        ) : null}
      </button>
    </>
  );
}
