// A running class on screen: the teacher's or the student's screen with the
// connection banner and the chat popup. Shared by the desktop app (App.tsx)
// and the browser build (WebApp.tsx); it gets the classroom state and
// actions from useClassroom and never sees the api.

import { useSay } from "./i18n/I18n";
import type { ClassroomState } from "./state/classroom";
import type { ClassroomActions } from "./state/useClassroom";
import {
  chatMessages,
  chatNotice,
  codeAlert,
  composerDisabledReason,
  connectionBanner,
  earlierView,
  isTeacher,
  offlineStudents,
  onlineCount,
  participantList,
  storageWarning,
  studentCounts,
  typingText,
} from "./state/view";
import { canStartPoll, earlierPolls, participantMarks, pollLimits, studentPoll, teacherPoll } from "./state/pollView";
import {
  composerRules,
  handQueue,
  handToggle,
  raisedHandCount,
  roomActionsEnabled,
  roomRules,
  studentRoomNotices,
} from "./state/roomView";
import { messageActions, pinnedMessage } from "./state/messageEditsView";
import { messageReactions } from "./state/reactionsView";
import { renameDialog } from "./state/namesView";
import { offerAskPrivately, questionsView, questionsWaiting } from "./state/questionsView";
import { ChatPopup, FULL_SCREEN_CHAT } from "./components/ChatPopup";
import { useMediaQuery } from "./components/useMediaQuery";
import { ConnectionBanner } from "./components/ConnectionBanner";
import { Notice } from "./components/Notice";
import { PastPolls } from "./components/PastPolls";
import { PollCard } from "./components/PollCard";
import { QuestionsPanel } from "./components/Questions";
import { HandToggle, HandsWaiting, RoomAnnouncer, StudentRoom, TeacherRoom } from "./components/Room";
import { StudentClass } from "./components/StudentClass";
import { TeacherClass } from "./components/TeacherClass";
import { TeacherPolls } from "./components/TeacherPolls";

export interface ClassScreenProps {
  state: ClassroomState;
  actions: ClassroomActions;
  /** The clock the screen's timers read (useClassroom's `now`). */
  now: number;
}

/** The class the user is in, as the teacher or as a student. */
export function ClassScreen({ state, actions, now }: ClassScreenProps) {
  const say = useSay();
  const status = (
    <>
      <ConnectionBanner banner={connectionBanner(state)} onBackToHome={actions.backToHome} />
      <Notice message={state.notice} onDismiss={actions.dismissNotice} />
    </>
  );
  const className = state.host?.class ?? state.session?.class ?? "";
  const notice = chatNotice(state);
  const teacherName = state.host?.teacher ?? state.session?.teacher ?? "";
  const hand = handToggle(state);
  const rules = roomRules(state);
  const closed = state.connection?.state === "closed";
  const { blocked, rule, wait } = composerRules(state, now);
  // On a phone the open chat covers the class: what is under it is out of
  // reach (Tab, a screen reader's swipe) until it closes.
  const covered = useMediaQuery(FULL_SCREEN_CHAT) && state.panel.open;
  const showHands = () => {
    actions.togglePanel(true);
    actions.selectTab("participants");
  };

  return (
    <>
      {isTeacher(state) && state.host ? (
        <TeacherClass
          className={className}
          covered={covered}
          teacher={teacherName}
          code={state.host.code}
          addresses={state.host.addresses}
          joinLink={state.host.join_link}
          qr={state.host.qr}
          web={state.host.web}
          linkWithCode={state.linkWithCode}
          onLinkWithCode={actions.linkWithCode}
          advertising={state.host.advertising}
          storageWarning={say(storageWarning(state))}
          resumed={state.host.resumed}
          codeAlert={codeAlert(state)}
          onChangeCode={actions.changeCode}
          onDismissCodeAlert={actions.dismissCodeAlert}
          onRetryAdvertising={actions.retryAdvertising}
          {...studentCounts(state)}
          status={status}
          room={<HandsWaiting count={raisedHandCount(state)} onShow={showHands} />}
          polls={
            <TeacherPolls
              current={teacherPoll(state, now)}
              earlier={earlierPolls(state)}
              canStart={canStartPoll(state.polls)}
              limits={pollLimits(state.limits)}
              composer={{ open: state.composer.open, error: say(state.composer.error) }}
              onComposer={actions.pollComposer}
              onOpen={actions.openPoll}
              onClose={actions.closePoll}
              onReveal={actions.revealPoll}
              onHide={actions.hideAnswer}
            />
          }
          onEnd={actions.endClass}
        />
      ) : (
        <StudentClass
          className={className}
          covered={covered}
          teacher={teacherName}
          you={state.you?.name ?? ""}
          online={onlineCount(state)}
          closed={closed}
          status={status}
          room={
            hand ? (
              <StudentRoom hand={hand} notices={studentRoomNotices(state)} onToggle={actions.raiseHand} />
            ) : null
          }
          poll={
            <PollCard
              poll={studentPoll(state, now)}
              maxAnswerChars={pollLimits(state.limits).max_answer_chars}
              onAnswer={actions.answerPoll}
            />
          }
          polls={<PastPolls polls={earlierPolls(state)} />}
          onLeave={actions.leaveClass}
        />
      )}
      <ChatPopup
        open={state.panel.open}
        tab={state.panel.tab}
        unread={state.unread}
        atBottom={state.panel.atBottom}
        title={className}
        messages={chatMessages(state)}
        earlier={earlierView(state)}
        participants={participantList(state)}
        offlineStudents={offlineStudents(state)}
        answered={participantMarks(state)}
        poll={
          studentPoll(state, now)?.status === "open" ? (
            <PollCard
              poll={studentPoll(state, now)}
              maxAnswerChars={pollLimits(state.limits).max_answer_chars}
              onAnswer={actions.answerPoll}
              announce={false}
            />
          ) : null
        }
        typingText={say(typingText(state))}
        maxChars={state.limits?.max_text_chars ?? null}
        disabledReason={say(composerDisabledReason(state))}
        composerRules={{ blocked: say(blocked), rule: say(rule), wait: say(wait) }}
        actions={hand && !closed ? <HandToggle hand={hand} compact onToggle={actions.raiseHand} /> : null}
        raisedHands={raisedHandCount(state)}
        participantsTop={
          rules ? (
            <TeacherRoom
              hands={handQueue(state, now)}
              rules={rules}
              disabled={!roomActionsEnabled(state)}
              onLower={actions.lowerHand}
              onLowerAll={actions.clearHands}
              onRules={actions.setRules}
            />
          ) : null
        }
        roomActionsDisabled={!roomActionsEnabled(state)}
        notice={notice && { tone: notice.tone, text: say(notice.text) ?? "" }}
        announcement={say(state.announcement?.text ?? null)}
        onToggle={actions.togglePanel}
        onSelectTab={actions.selectTab}
        onScrolled={actions.scrolled}
        onLoadEarlier={() => void actions.loadEarlier()}
        onSend={(text) => void actions.send(text)}
        onTyped={actions.typed}
        onRemove={actions.removeStudent}
        onRemoveOffline={actions.removeOffline}
        onMute={actions.muteStudent}
        rename={renameDialog(state)}
        onRenameDialog={actions.renameDialog}
        onRename={actions.renameStudent}
        pinned={pinnedMessage(state)}
        // Lookups, not tables of every message (this and `reactions`): the
        // list asks only for the lines it draws; a table per change was
        // quadratic garbage in a long lecture.
        messageActions={messageActions(state, now)}
        onDeleteMessage={actions.deleteMessage}
        onPinMessage={actions.pinMessage}
        reactions={messageReactions(state)}
        onReact={actions.react}
        questions={
          <QuestionsPanel
            view={questionsView(state)}
            onAsk={actions.askQuestion}
            onAnswer={actions.answerQuestion}
            onRules={actions.setRules}
          />
        }
        questionsWaiting={questionsWaiting(state)}
        askPrivately={offerAskPrivately(state)}
      />
      <RoomAnnouncer announcement={state.room.announcement} />
      <RoomAnnouncer announcement={state.questions.announcement?.text ?? null} />
    </>
  );
}
