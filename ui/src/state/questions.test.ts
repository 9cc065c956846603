import { describe, expect, it } from "vitest";
import { ada, bo, ev, inClassAs, question, run, teacher } from "../test/fixtures";
import { say } from "../test/i18n";
import type { ClassroomState } from "./classroom";
import { initialQuestions } from "./questions";

const q1 = question("pq_1", ada, "Is the test on Friday?");
const q2 = question("pq_2", bo, "Which page?");

function asTeacher(...events: Parameters<typeof run>[1][]): ClassroomState {
  return run(inClassAs(teacher, "teacher"), ev.room(), ...events);
}

function asAda(...events: Parameters<typeof run>[1][]): ClassroomState {
  return run(inClassAs(ada), ev.room(), ...events);
}

describe("private questions, as the reducer keeps them", () => {
  it("start empty, and a welcome's list replaces what was held", () => {
    expect(inClassAs(ada).questions).toEqual(initialQuestions);
    const s = asTeacher(ev.questions([q1]), ev.questions([q2, q1], 3));
    expect(s.questions.threads.map((q) => q.id)).toEqual(["pq_2", "pq_1"]);
    expect(s.questions.earlier).toBe(3);
  });

  it("keep a student's question as sending, then take it on its ack (once, however often it comes)", () => {
    const queued = asAda(ev.questionQueued("c-q1", "Is the test on Friday?"));
    expect(queued.questions.pendingQuestions).toEqual([
      { clientId: "c-q1", text: "Is the test on Friday?", status: "sending", reason: null },
    ]);
    const asked = run(queued, ev.questionAsked(q1, "c-q1"));
    expect(asked.questions.pendingQuestions).toEqual([]);
    expect(asked.questions.threads).toEqual([q1]);
    // A resend's ack: the same question again.
    expect(run(asked, ev.questionAsked(q1, "c-q1"))).toBe(asked);
  });

  it("show a refused question as not sent, with the refusal's words", () => {
    const s = asAda(ev.questionQueued("c-q1", "Hello?"), ev.refused("c-q1", "questions_off", "Questions are off."));
    const [pending] = s.questions.pendingQuestions;
    expect(pending?.status).toBe("refused");
    expect(say(pending?.reason)).toBe("The teacher has turned private questions off.");
    // Not a chat line, not a notice.
    expect(s.timeline).toEqual([]);
    expect(s.notice).toBeNull();
  });

  it("word the new refusals", () => {
    const refused = (code: "unknown_question" | "too_many_questions") =>
      say(asAda(ev.questionQueued("c", "?"), ev.refused("c", code, "x")).questions.pendingQuestions[0]?.reason);
    expect(refused("unknown_question")).toBe("That question is not part of this class.");
    expect(refused("too_many_questions")).toMatch(/most questions waiting/);
  });

  it("add a student's new question for the teacher, and tell screen readers", () => {
    const s = asTeacher(ev.questions([]), ev.questionAsked(q1));
    expect(s.questions.threads).toEqual([q1]);
    expect(say(s.questions.announcement?.text)).toBe("Ada asked you a question privately");
    expect(run(s, ev.questionAsked(q1))).toBe(s);
  });

  it("keep the teacher's answer as sending, then add it to its question once (public ones too)", () => {
    const s = asTeacher(ev.questions([q1]), ev.replyQueued("pq_1", "c-r1", "Yes, at nine."));
    expect(s.questions.pendingAnswers).toEqual([
      { clientId: "c-r1", question: "pq_1", text: "Yes, at nine.", public: false, status: "sending", reason: null },
    ]);
    const answered = run(s, ev.questionAnswered("pq_1", "Yes, at nine.", { clientId: "c-r1" }));
    expect(answered.questions.pendingAnswers).toEqual([]);
    expect(answered.questions.threads[0]?.answers.map((a) => a.text)).toEqual(["Yes, at nine."]);
    expect(run(answered, ev.questionAnswered("pq_1", "Yes, at nine.", { clientId: "c-r1" }))).toBe(answered);
    const again = run(answered, ev.questionAnswered("pq_1", "Friday, everyone.", { seq: 14 }));
    expect(again.questions.threads[0]?.answers.map((a) => [a.text, a.seq])).toEqual([
      ["Yes, at nine.", undefined],
      ["Friday, everyone.", 14],
    ]);
  });

  it("tell the student their question was answered, privately or for everyone", () => {
    const s = asAda(ev.questions([q1]), ev.questionAnswered("pq_1", "Yes."));
    expect(say(s.questions.announcement?.text)).toBe("The teacher answered your question privately");
    const pub = run(s, ev.questionAnswered("pq_1", "Friday.", { seq: 9 }));
    expect(say(pub.questions.announcement?.text)).toBe("The teacher answered your question for everyone in the chat");
  });

  it("word an answer refused as one too many as such", () => {
    const s = asTeacher(
      ev.questions([q1]),
      ev.replyQueued("pq_1", "c-r1", "More."),
      ev.refused("c-r1", "too_many_questions", "x"),
    );
    expect(say(s.questions.pendingAnswers[0]?.reason)).toBe("This question already has all the answers it can have.");
  });

  it("say what was on its way will not go out once the connection closes", () => {
    const s = asAda(ev.questionQueued("c-q1", "Hello?"), ev.closed("ended"));
    expect(say(s.questions.pendingQuestions[0]?.reason)).toBe("You are no longer connected to the class.");
  });

  it("show a question the shell could not queue as not sent", () => {
    const s = run(asAda(), { type: "questionFailed", key: "unsent-1", text: "Hi?", message: { id: "error.notInClass" } });
    expect(s.questions.pendingQuestions).toEqual([
      { clientId: "unsent-1", text: "Hi?", status: "refused", reason: { id: "error.notInClass" } },
    ]);
  });

  it("forget the threads in a new session", () => {
    const s = asAda(ev.questions([q1]), ev.welcome(ada, "s2"));
    expect(s.questions).toEqual(initialQuestions);
  });

  it("announce questions turned off and on to everyone", () => {
    const off = asAda(ev.rules(false, 0, undefined, undefined, true));
    expect(say(off.room.announcement)).toBe("Private questions are turned off");
    expect(say(run(off, ev.rules(false, 0, undefined, undefined, false)).room.announcement)).toBe(
      "Private questions are turned on again",
    );
  });
});
