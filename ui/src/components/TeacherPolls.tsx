// The teacher's polls on the class screen: New poll (one open at a time),
// the current poll's live results, and the earlier polls.

import { useT } from "../i18n/I18n";
import type { PollDraft } from "../api";
import type { PastPollView, PollLimits, TeacherPollView } from "../state/pollView";
import { PastPolls } from "./PastPolls";
import { PollComposer } from "./PollComposer";
import { PollResults } from "./PollResults";
import "./Polls.css";

export interface TeacherPollsProps {
  current: TeacherPollView | null;
  earlier: PastPollView[];
  /** No poll is open (one at a time). */
  canStart: boolean;
  limits: PollLimits;
  /** The New poll dialog is open; `error` is why the hub refused the last one (worded). */
  composer: { open: boolean; error: string | null };
  onComposer(open: boolean): void;
  onOpen(draft: PollDraft): Promise<void> | void;
  onClose(poll: string): Promise<void> | void;
  onReveal(poll: string): Promise<void> | void;
  onHide(poll: string, text: string): Promise<void> | void;
}

export function TeacherPolls(props: TeacherPollsProps) {
  const t = useT();
  const { current, earlier, canStart, limits, composer } = props;
  return (
    <section className="teacher-polls" aria-label={t("polls.newPoll")}>
      <div className="teacher-polls__head">
        <button
          type="button"
          className="button button--primary"
          disabled={!canStart}
          aria-describedby={canStart ? undefined : "teacher-polls-one-at-a-time"}
          onClick={() => props.onComposer(true)}
        >
          {t("polls.newPoll")}
        </button>
        {canStart ? null : (
          <p id="teacher-polls-one-at-a-time" className="teacher-polls__hint">
            {t("polls.onePollAtATime")}
          </p>
        )}
      </div>
      {current ? (
        <PollResults poll={current} onClose={props.onClose} onReveal={props.onReveal} onHide={props.onHide} />
      ) : null}
      <PastPolls polls={earlier} onReveal={props.onReveal} />
      {composer.open ? (
        <PollComposer
          limits={limits}
          error={composer.error}
          onSubmit={props.onOpen}
          onCancel={() => props.onComposer(false)}
        />
      ) : null}
    </section>
  );
}
