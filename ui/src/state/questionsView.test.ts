import { describe, expect, it } from "vitest";
import { ada, bo, entry, ev, inClassAs, question, run, teacher } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import type { ClassroomState } from "./classroom";
import { offerAskPrivately, questionsView, questionsWaiting } from "./questionsView";
import { chatMessages } from "./view";

const q1 = question("pq_1", ada, "Is the test on Friday?");
const q2 = question("pq_2", bo, "Which page?", [{ text: "Page 42." }]);
const q3 = question("pq_3", bo, "Calculators?");

function asTeacher(...events: Parameters<typeof run>[1][]): ClassroomState {
  return run(inClassAs(teacher, "teacher"), ev.room(), ...events);
}

function asAda(...events: Parameters<typeof run>[1][]): ClassroomState {
  return run(inClassAs(ada), ev.room(), ...events);
}

describe("the teacher's Questions tab", () => {
  it("counts the questions waiting, and lists them first, each group in the order asked", () => {
    const s = asTeacher(ev.questions([q1, q2, q3]));
    expect(questionsWaiting(s)).toBe(2);
    const view = questionsView(s);
    if (view.role !== "teacher") throw new Error("not the teacher's");
    expect(view.unanswered).toBe(2);
    expect(view.threads.map((t) => [t.id, t.answered])).toEqual([
      ["pq_1", false],
      ["pq_3", false],
      ["pq_2", true],
    ]);
    expect(view.open).toBe(true);
    expect(view.disabled).toBe(false);
  });

  it("names the student as they are called now", () => {
    const view = questionsView(asTeacher(ev.questions([q1]), ev.renamed(ada, "Ada L.")));
    expect(view.threads[0]?.asker).toBe("Ada L.");
  });

  it("shows answers, privately or for everyone, and those on their way or refused", () => {
    const s = asTeacher(
      ev.questions([q2]),
      ev.questionAnswered("pq_2", "Everyone: page 42.", { seq: 5 }),
      ev.replyQueued("pq_2", "c-r1", "Also 43.", true),
      ev.replyQueued("pq_2", "c-r2", "Spam"),
      ev.refused("c-r2", "rate_limited", "slow down"),
    );
    const answers = questionsView(s).threads[0]?.answers ?? [];
    expect(answers.map((a) => [a.text, a.public, a.status])).toEqual([
      ["Page 42.", false, "sent"],
      ["Everyone: page 42.", true, "sent"],
      ["Also 43.", true, "sending"],
      ["Spam", false, "refused"],
    ]);
    expect(say(answers[3]?.reason)).toBe("You are sending too fast. Wait a moment.");
  });

  it("follows the rule and the connection", () => {
    const off = questionsView(asTeacher(ev.rules(false, 0, undefined, undefined, true)));
    expect(off.role === "teacher" && off.open).toBe(false);
    const away = questionsView(asTeacher(ev.questions([q1]), ev.reconnecting(1)));
    expect(away.role === "teacher" && away.disabled).toBe(true);
    expect(away.threads[0]?.canAnswer).toBe(false);
  });

  it("stops offering answers once a question has all it can have", () => {
    const many = question("pq_9", ada, "?", Array.from({ length: 10 }, (_, i) => ({ text: `a${i}` })));
    const thread = questionsView(asTeacher(ev.questions([many]))).threads[0];
    expect(thread?.full).toBe(true);
    expect(thread?.canAnswer).toBe(false);
  });
});

describe("a student's Questions tab", () => {
  it("lists their own threads, then those on their way or refused", () => {
    const s = asAda(
      ev.questions([q1]),
      ev.questionAnswered("pq_1", "Yes."),
      ev.questionQueued("c-q2", "And the lab?"),
      ev.questionQueued("c-q3", "Spam"),
      ev.refused("c-q3", "rate_limited", "x"),
    );
    const view = questionsView(s);
    expect(view.role).toBe("student");
    expect(view.threads.map((t) => [t.text, t.status, t.answers.length])).toEqual([
      ["Is the test on Friday?", "sent", 1],
      ["And the lab?", "sending", 0],
      ["Spam", "refused", 0],
    ]);
    expect(questionsWaiting(s)).toBe(0);
  });

  it("may ask while connected, also muted or while the chat is locked, not while questions are off", () => {
    expect(questionsView(asAda(ev.rules(true), ev.muted(ada.id)))).toMatchObject({ canAsk: true, reason: null });
    const off = questionsView(asAda(ev.rules(false, 0, undefined, undefined, true)));
    expect(off).toMatchObject({ canAsk: false });
    expect(off.role === "student" && say(off.reason)).toBe("The teacher has turned private questions off.");
    expect(off.role === "student" && sayIn("es")(off.reason)).toBe("El docente desactivó las preguntas privadas.");
    const closed = questionsView(asAda(ev.closed("ended")));
    expect(closed.role === "student" && say(closed.reason)).toBe("The chat is closed.");
  });

  it("waits once five questions wait for an answer", () => {
    const five = [1, 2, 3, 4].map((n) => question(`pq_${n}`, ada, `Q${n}`));
    const s = asAda(ev.questions(five), ev.questionQueued("c-q5", "Q5"));
    const view = questionsView(s);
    expect(view.role === "student" && view.canAsk).toBe(false);
    expect(view.role === "student" && say(view.reason)).toMatch(/^You have 5 questions waiting for an answer\./);
  });

  it("is offered from the chat while muted or locked out, unless questions are off", () => {
    expect(offerAskPrivately(asAda())).toBe(false);
    expect(offerAskPrivately(asAda(ev.rules(true)))).toBe(true);
    expect(offerAskPrivately(asAda(ev.muted(ada.id)))).toBe(true);
    expect(offerAskPrivately(asAda(ev.rules(true, 0, undefined, undefined, true)))).toBe(false);
    expect(offerAskPrivately(asTeacher(ev.rules(true)))).toBe(false);
  });
});

describe("a chat message answering a question for everyone", () => {
  it("quotes the question, with the student's name when shown; a removed one quotes nothing", () => {
    const named = { ...entry(3, teacher, "Friday at nine."), quote: { text: "Is the test on Friday?", name: "Ada" } };
    const anonymous = { ...entry(4, teacher, "Bring calculators."), quote: { text: "Calculators?" } };
    const s = asAda(ev.message(named), ev.message(anonymous), ev.message(entry(5, bo, "ok")));
    const quotes = chatMessages(s).map((m) => (m.kind === "message" ? m.quote : undefined));
    expect(quotes).toEqual([
      { text: "Is the test on Friday?", name: "Ada" },
      { text: "Calculators?", name: null },
      undefined,
    ]);
    const gone = run(s, ev.messageDeleted(3));
    const first = chatMessages(gone)[0];
    expect(first?.kind === "message" && first.quote).toBeFalsy();
  });
});
