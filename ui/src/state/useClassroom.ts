// Wires the api module to the reducer: one subscription per class, the
// startup flags, the user's intents as stable callbacks, the typing signal,
// typing expiry, desktop notifications, earlier messages on request and the
// class history (past classes). Components get `state` and `actions` and
// never see the api.

import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import * as api from "../api";
import type { AppEvent, ChatEntry, ExportFormat, HostRequest, JoinRequest, PollAnswer, PollDraft, RulesChange } from "../api";
import { pollTickNeeded } from "./pollView";
import { type Tab, initialState, reducer } from "./classroom";
import type { HistoryAction } from "./pastClasses";
import { NotificationBatcher, handNotification, notificationFor, questionNotification } from "./notifications";
import { roomTickMs } from "./roomView";
import { messageEditsTickMs } from "./messageEditsView";
import { errorText } from "./errors";
import type { Text } from "../i18n";
import { useLocale, useT } from "../i18n/I18n";
import { TypingSignal } from "./typingSignal";

export interface ClassroomActions {
  startClass(request: HostRequest): Promise<void>;
  joinClass(request: JoinRequest): Promise<void>;
  /** Gives up on a join that has not got in yet. */
  cancelJoin(): Promise<void>;
  send(text: string): Promise<void>;
  /** The composer's text changed (drives the throttled typing signal). */
  typed(text: string): void;
  removeStudent(id: string, ban: boolean): Promise<void>;
  /** Teacher: removes every student offline now (they may join again). */
  removeOffline(): Promise<void>;
  /** Teacher: a new class code (someone was guessing it); a link carrying the code follows it. */
  changeCode(): Promise<void>;
  /** Teacher: shows the join link (and its QR code) with the class code in it, or without. */
  linkWithCode(on: boolean): Promise<void>;
  /** Teacher: puts the guessing warning (or the new code's note) aside. */
  dismissCodeAlert(): void;
  /** Teacher: opens or closes the New poll dialog. */
  pollComposer(open: boolean): void;
  /** Teacher: opens a poll (the dialog closes when it is open). */
  openPoll(draft: PollDraft): Promise<void>;
  closePoll(poll: string): Promise<void>;
  revealPoll(poll: string): Promise<void>;
  hideAnswer(poll: string, text: string): Promise<void>;
  /** Student: answers a poll (shown as sending until stored). */
  answerPoll(poll: string, answer: PollAnswer): Promise<void>;
  /** Student: raises (true) or lowers (false) their hand (shown once the hub says so). */
  raiseHand(raise: boolean): Promise<void>;
  /** Teacher: lowers a student's hand. */
  lowerHand(id: string): Promise<void>;
  /** Teacher: lowers every hand. */
  clearHands(): Promise<void>;
  /** Teacher: mutes or unmutes a student. */
  muteStudent(id: string, muted: boolean): Promise<void>;
  /** Teacher: locks or unlocks the chat, sets slow mode, or turns the name filter on or off. */
  setRules(change: RulesChange): Promise<void>;
  /** Teacher: opens the Rename dialog for a student, or closes it (null). */
  renameDialog(id: string | null): void;
  /** Teacher: gives the dialog's student a new name (the dialog closes when the class has it). */
  renameStudent(id: string, name: string): Promise<void>;
  /** Deletes a message for everyone (the teacher any; a student their own, shortly after sending it). */
  deleteMessage(seq: number): Promise<void>;
  /** Adds (`on`) or takes back this user's reaction on a message (shown once the hub says so). */
  react(seq: number, emoji: string, on: boolean): Promise<void>;
  /** Teacher: pins a message at the top of the chat, or unpins (null). */
  pinMessage(seq: number | null): Promise<void>;
  /** Student: asks the teacher privately (shown as sending until the hub takes it). */
  askQuestion(text: string): Promise<void>;
  /** Teacher: answers a private question, privately or (`isPublic`) for everyone. */
  answerQuestion(question: string, text: string, isPublic: boolean, showName: boolean): Promise<void>;
  endClass(): Promise<void>;
  /** Teacher: tries listing the class on the network again. */
  retryAdvertising(): Promise<void>;
  leaveClass(): Promise<void>;
  /** Back to Home after the class closed. */
  backToHome(): void;
  togglePanel(open: boolean): void;
  selectTab(tab: Tab): void;
  scrolled(atBottom: boolean): void;
  /** The reader wants the messages before the oldest shown (one page at a time: kept here, then from the hub). */
  loadEarlier(): Promise<void>;
  dismissNotice(): void;
  /** Opens or closes the Past classes screen (opening reads the list again). */
  showPastClasses(open: boolean): void;
  loadPastClasses(): Promise<void>;
  /** Reopens a past class: same code, everyone's seat kept, the chat going on. */
  resumeClass(c: { id: string; name: string; teacher: string }): Promise<void>;
  deleteClass(id: string): Promise<void>;
  exportClass(id: string, format: ExportFormat): Promise<void>;
  setRetention(days: number | null): Promise<void>;
  /** Sets the damaged history aside (it is kept) and starts an empty one. */
  startFresh(): Promise<void>;
}

let failedSends = 0;
/** A key for the line of a message (or question, or answer) the shell could not even queue. */
function failedSendKey(): string {
  failedSends += 1;
  return `unsent-${failedSends}`;
}

const TICK_MS = 1_000;

/** The shorter of two tick intervals (null: no ticking needed). */
function fastest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

export function useClassroom() {
  const [state, dispatch] = useReducer(reducer, initialState);
  const connection = useRef<{ events: api.EventSubscription; close(): void } | null>(null);
  // Whether the teacher asked for the join link with the code in it (the
  // link is fetched again when the code changes).
  const linkWithCode = useRef(false);
  // Notifications are worded when they go out, in the language of that moment.
  const t = useT();
  const { locale, adoptSystemLocale } = useLocale();
  const translate = useRef(t);
  const language = useRef(locale);
  useEffect(() => {
    translate.current = t;
    language.current = locale;
  }, [t, locale]);
  // Lines kept above the chat's list: "Load earlier" shows those before it asks the hub.
  const keptAbove = useRef(0);
  useEffect(() => {
    keptAbove.current = state.chatFrom;
  }, [state.chatFrom]);
  const [typingSignal] = useState(
    () =>
      new TypingSignal((active) => {
        api.setTyping(active).catch(() => {
          // Typing is a hint; a failure needs no message.
        });
      }),
  );

  const actions = useMemo<ClassroomActions>(() => {
    /** A fresh subscription for a new class; the previous one stops at once. */
    const connect = (): api.EventSubscription => {
      connection.current?.close();
      let youId: string | null = null;
      let youTeacher: boolean | null = null;
      let className: string | null = null;
      // Names by participant id, as they are now: whose hand went up, who sent a message.
      let names = new Map<string, string>();
      // Teacher: the private questions already heard of (one may come again).
      const questionsSeen = new Set<string>();
      const batcher = new NotificationBatcher((entries: ChatEntry[]) => {
        // Named as they are called now (renamed since the message, the new name).
        const { title, body } = notificationFor(entries, className, translate.current, (id) => names.get(id));
        void api.notify(title, body);
      });
      const events = api.subscribe((event: AppEvent) => {
        dispatch({ type: "event", event, now: Date.now() });
        if (event.kind === "welcome") {
          youId = event.data.you.id;
          youTeacher = event.data.you.role === "teacher";
          className = event.data.session.class;
        } else if (event.kind === "roster") {
          names = new Map(event.data.map((p) => [p.id, p.name]));
        } else if (event.kind === "participant") {
          names.set(event.data.id, event.data.name);
        } else if (event.kind === "questions") {
          for (const q of event.data.list) questionsSeen.add(q.id);
        } else if (event.kind === "questionAsked" && event.data.client_id === undefined && youTeacher === true) {
          // Teacher: a student's new question. (Students only ever get their own.)
          const { question } = event.data;
          if (!questionsSeen.has(question.id) && !api.windowHasFocus()) {
            const name = names.get(question.from.id) ?? question.from.name;
            const { title, body } = questionNotification(name, question.text, className, translate.current);
            void api.notify(title, body);
          }
          questionsSeen.add(question.id);
        } else if (event.kind === "handRaised" && youTeacher === true && !api.windowHasFocus()) {
          const { title, body } = handNotification(names.get(event.data.id) ?? "", className, translate.current);
          void api.notify(title, body);
        } else if (
          event.kind === "message" &&
          event.data.from.id !== youId &&
          event.data.removed !== true &&
          !api.windowHasFocus()
        ) {
          batcher.add(event.data);
        } else if (event.kind === "messageDeleted") {
          // Deleted before its notification went out: it never goes.
          batcher.remove([event.data.seq]);
        } else if (event.kind === "deletedMessages") {
          batcher.remove(event.data);
        } else if (event.kind === "pollOpened" && youTeacher === false && !api.windowHasFocus()) {
          // A student away from the window hears of a new poll.
          const body = translate.current("polls.announceOpened", { question: event.data.question });
          void api.notify(className ?? "Classroom", body);
        }
      });
      connection.current = {
        events,
        close() {
          events.unsubscribe();
          batcher.dispose();
          typingSignal.dispose();
        },
      };
      return events;
    };

    /** Stops listening to `events` if it is still the current connection. */
    const disconnect = (events?: api.EventSubscription) => {
      if (events !== undefined && connection.current?.events !== events) return;
      connection.current?.close();
      connection.current = null;
    };

    const failed = (reason: unknown) => errorText(api.toCommandError(reason));
    /** A poll or room command; the shell saying it failed becomes a notice. */
    const classCommand = async (command: () => Promise<unknown>) => {
      try {
        await command();
      } catch (reason) {
        dispatch({ type: "notice", message: failed(reason) });
      }
    };
    const history = (action: HistoryAction) => dispatch({ type: "history", action });
    // A class history command: its result, or why not, with a damaged
    // history always leading to the Start fresh prompt.
    const historyCommand = async <T>(
      command: () => Promise<T>,
      done: (value: T) => HistoryAction,
      fail: (message: Text) => HistoryAction,
    ) => {
      try {
        history(done(await command()));
      } catch (reason) {
        const error = api.toCommandError(reason);
        const message = errorText(error);
        history(error.kind === "damaged" ? { type: "damaged", message } : fail(message));
      }
    };
    const loadPastClasses = async () => {
      history({ type: "loadStarted" });
      await historyCommand(
        api.pastClasses,
        (list) => ({ type: "loaded", list }),
        (message) => ({ type: "loadFailed", message }),
      );
    };
    // Ends or leaves the class, then goes home. Not being in a class any
    // more (it closed meanwhile) is what was wanted, not an error.
    const close = async (command: () => Promise<void>) => {
      try {
        await command();
      } catch (reason) {
        if (api.toCommandError(reason).kind !== "notInClass") {
          dispatch({ type: "notice", message: failed(reason) });
          return;
        }
      }
      disconnect();
      dispatch({ type: "reset" });
    };

    const startClass = async (request: HostRequest) => {
      dispatch({ type: "hostStarted" });
      linkWithCode.current = false;
      const sub = connect();
      try {
        const info = await api.hostClass(request, sub);
        dispatch({ type: "hostSucceeded", info });
        void api.prepareNotifications();
      } catch (reason) {
        disconnect(sub);
        const error = api.toCommandError(reason);
        dispatch({ type: "hostFailed", message: errorText(error), damaged: error.kind === "damaged" });
      }
    };

    return {
      startClass,
      async joinClass(request) {
        dispatch({ type: "joinStarted", request });
        const sub = connect();
        try {
          await api.joinClass(request, sub);
          void api.prepareNotifications();
        } catch (reason) {
          disconnect(sub);
          dispatch({ type: "joinFailed", message: failed(reason) });
        }
      },
      async cancelJoin() {
        disconnect();
        dispatch({ type: "reset" });
        await api.leaveClass().catch(() => {
          // Not in a class any more is what we wanted.
        });
      },
      async send(text) {
        typingSignal.stop();
        try {
          // It shows as pending when its `queued` event comes.
          await api.sendMessage(text);
        } catch (reason) {
          dispatch({ type: "sendFailed", key: failedSendKey(), text, message: failed(reason) });
        }
      },
      typed(text) {
        typingSignal.input(text);
      },
      async removeStudent(id, ban) {
        try {
          await api.removeStudent(id, ban);
        } catch (reason) {
          dispatch({ type: "notice", message: failed(reason) });
        }
      },
      async removeOffline() {
        try {
          await api.removeOffline();
        } catch (reason) {
          dispatch({ type: "notice", message: failed(reason) });
        }
      },
      async changeCode() {
        try {
          const code = await api.changeCode();
          dispatch({ type: "codeChanged", code });
          // A link carrying the old code would no longer let anyone in.
          if (linkWithCode.current) dispatch({ type: "joinLink", link: await api.joinLink(true) });
        } catch (reason) {
          dispatch({ type: "notice", message: failed(reason) });
        }
      },
      async linkWithCode(on) {
        linkWithCode.current = on;
        try {
          dispatch({ type: "joinLink", link: await api.joinLink(on) });
        } catch (reason) {
          dispatch({ type: "notice", message: failed(reason) });
        }
      },
      dismissCodeAlert() {
        dispatch({ type: "guessingDismissed" });
      },
      pollComposer(open) {
        dispatch({ type: "composer", open });
      },
      async openPoll(draft) {
        try {
          await api.openPoll(draft);
        } catch (reason) {
          dispatch({ type: "notice", message: failed(reason) });
        }
      },
      async closePoll(poll) {
        await classCommand(() => api.closePoll(poll));
      },
      async revealPoll(poll) {
        await classCommand(() => api.revealPoll(poll));
      },
      async hideAnswer(poll, text) {
        await classCommand(() => api.hideAnswer(poll, text));
      },
      async answerPoll(poll, answer) {
        // It shows as on its way when its `answerQueued` event comes.
        await classCommand(() => api.answerPoll(poll, answer));
      },
      async raiseHand(raise) {
        await classCommand(() => (raise ? api.raiseHand() : api.lowerHand()));
      },
      async lowerHand(id) {
        await classCommand(() => api.lowerHand(id));
      },
      async clearHands() {
        await classCommand(api.clearHands);
      },
      async muteStudent(id, muted) {
        await classCommand(() => api.muteStudent(id, muted));
      },
      async setRules(change) {
        await classCommand(() => api.setRules(change));
      },
      renameDialog(id) {
        dispatch({ type: "rename", id });
      },
      async renameStudent(id, name) {
        dispatch({ type: "renameSent" });
        try {
          await api.renameStudent(id, name);
        } catch (reason) {
          // Said in the dialog, which stays open.
          dispatch({ type: "renameFailed", message: failed(reason) });
        }
      },
      async deleteMessage(seq) {
        await classCommand(() => api.deleteMessage(seq));
      },
      async pinMessage(seq) {
        await classCommand(() => api.pinMessage(seq));
      },
      async react(seq, emoji, on) {
        await classCommand(() => api.reactToMessage(seq, emoji, on));
      },
      async askQuestion(text) {
        try {
          // It shows as sending when its `questionQueued` event comes.
          await api.askQuestion(text);
        } catch (reason) {
          dispatch({ type: "questionFailed", key: failedSendKey(), text, message: failed(reason) });
        }
      },
      async answerQuestion(question, text, isPublic, showName) {
        try {
          // It shows as sending when its `replyQueued` event comes.
          await api.answerQuestion(question, text, isPublic, showName);
        } catch (reason) {
          dispatch({ type: "answerFailed", key: failedSendKey(), question, text, public: isPublic, message: failed(reason) });
        }
      },
      endClass: () => close(api.endClass),
      async retryAdvertising() {
        try {
          const status = await api.retryAdvertising();
          dispatch({ type: "advertising", status });
        } catch (reason) {
          dispatch({ type: "notice", message: failed(reason) });
        }
      },
      leaveClass: () => close(api.leaveClass),
      backToHome() {
        disconnect();
        dispatch({ type: "reset" });
      },
      togglePanel(open) {
        dispatch({ type: "panelToggled", open });
      },
      selectTab(tab) {
        dispatch({ type: "tabSelected", tab });
      },
      scrolled(atBottom) {
        dispatch({ type: "scrolled", atBottom });
      },
      async loadEarlier() {
        if (keptAbove.current > 0) {
          dispatch({ type: "showEarlier" });
          return;
        }
        // The shell owns "a page is on its way": it ignores a second ask.
        try {
          await api.loadEarlier();
        } catch (reason) {
          dispatch({ type: "earlierFailed", message: failed(reason) });
        }
      },
      dismissNotice() {
        dispatch({ type: "notice", message: null });
      },
      showPastClasses(open) {
        history({ type: "opened", open });
        if (open) void loadPastClasses();
      },
      loadPastClasses,
      async resumeClass(c) {
        history({ type: "rowStarted", id: c.id, task: "resume" });
        await startClass({ class: c.name, teacher: c.teacher, resume: c.id });
      },
      async deleteClass(id) {
        history({ type: "rowStarted", id, task: "delete" });
        await historyCommand(
          () => api.deleteClass(id),
          (list) => ({ type: "deleted", list }),
          (message) => ({ type: "rowFailed", id, message }),
        );
      },
      async exportClass(id, format) {
        history({ type: "rowStarted", id, task: "export" });
        await historyCommand(
          () => api.exportClass(id, format, language.current),
          (path) => ({ type: "exported", id, path }),
          (message) => ({ type: "rowFailed", id, message }),
        );
      },
      async setRetention(days) {
        history({ type: "retentionStarted" });
        await historyCommand(
          () => api.setRetention(days),
          (list) => ({ type: "retentionSet", list }),
          (message) => ({ type: "retentionFailed", message }),
        );
      },
      async startFresh() {
        history({ type: "freshStarted" });
        try {
          const { kept } = await api.startFresh();
          history({ type: "freshDone", kept });
        } catch (reason) {
          history({ type: "freshFailed", message: failed(reason) });
          return;
        }
        await loadPastClasses();
      },
    };
  }, [typingSignal]);

  // Launch flags first (tests start the app straight into a class); otherwise
  // prefill the join form with the last class joined.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const flags = await api.startup().catch(() => null);
      if (cancelled) return;
      adoptSystemLocale(flags?.locale);
      if (flags?.host) {
        await actions.startClass(flags.host);
      } else if (flags?.join) {
        await actions.joinClass(flags.join);
      } else {
        const last = await api.lastJoin().catch(() => null);
        if (!cancelled && last) dispatch({ type: "prefill", request: last });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [actions, adoptSystemLocale]);

  // The class history is read again each time Home comes back (a class just
  // ended is in it now).
  const atHome = state.phase === "home";
  useEffect(() => {
    if (atHome) void actions.loadPastClasses();
  }, [atHome, actions]);

  // Let typing signals expire while someone is typing.
  const someoneTyping = Object.keys(state.typing).length > 0;
  useEffect(() => {
    if (!someoneTyping) return;
    const timer = setInterval(() => dispatch({ type: "tick", now: Date.now() }), TICK_MS);
    return () => clearInterval(timer);
  }, [someoneTyping]);

  // A poll's timer counts down on screen while one runs; so does slow
  // mode's wait after a message, the teacher's raised hands show how long
  // they have waited, and a student's Delete goes when its window closes.
  const [now, setNow] = useState(() => Date.now());
  const tickMs = pollTickNeeded(state.polls) ? TICK_MS : fastest(roomTickMs(state, now), messageEditsTickMs(state, now));
  useEffect(() => {
    if (tickMs === null) return;
    // The first tick comes at once, so a poll just opened shows its full time.
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    const first = setTimeout(() => setNow(Date.now()), 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [tickMs]);

  // Stop listening when the app goes away.
  useEffect(
    () => () => {
      connection.current?.close();
      connection.current = null;
    },
    [typingSignal],
  );

  return { state, actions, now };
}
