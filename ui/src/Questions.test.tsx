// Private questions through the whole UI, against a mocked ui/src/api: the
// hub's events played in as the shell would send them, the commands checked
// as the shell would receive them.

import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { ada, bo, entry, ev, question, teacher } from "./test/fixtures";
import { emit } from "./test/apiMock";
import { launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
  mocked.windowHasFocus.mockReturnValue(true);
});

const { startAsStudent, startAsTeacher } = launchers({ room: true, deletedMessages: true, myReactions: true });

function openQuestions() {
  fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
  fireEvent.click(screen.getByRole("tab", { name: /^Questions/ }));
}

function questionsPanel() {
  return screen.getByRole("tabpanel", { name: /^Questions/ });
}

const adasQuestion = question("pq_k3v9x0a7m2qz5c1d", ada, "Is the test on Friday?");

describe("a student asks privately", () => {
  it("sees it sending, then waiting, then the teacher's private answer", async () => {
    const user = userEvent.setup();
    mocked.askQuestion.mockResolvedValue("c1a2-q1");
    await startAsStudent(ev.questions([]));
    openQuestions();
    expect(within(questionsPanel()).getByText(/Only the teacher sees these\./)).toBeInTheDocument();
    await user.type(screen.getByRole("textbox", { name: "Your question" }), "Is the test on Friday?");
    await user.click(screen.getByRole("button", { name: "Ask privately" }));
    expect(mocked.askQuestion).toHaveBeenCalledWith("Is the test on Friday?");

    emit(ev.questionQueued("c1a2-q1", "Is the test on Friday?"));
    expect(within(questionsPanel()).getByText("Sending…")).toBeInTheDocument();

    emit(ev.questionAsked(adasQuestion, "c1a2-q1"));
    expect(within(questionsPanel()).queryByText("Sending…")).toBeNull();
    expect(within(questionsPanel()).getByText("Waiting for an answer")).toBeInTheDocument();
    // A resend's ack: still one.
    emit(ev.questionAsked(adasQuestion, "c1a2-q1"));
    expect(within(questionsPanel()).getAllByText("Is the test on Friday?")).toHaveLength(1);

    emit(ev.questionAnswered(adasQuestion.id, "Yes, at nine."));
    expect(within(questionsPanel()).getByText("The teacher answered you privately:")).toBeInTheDocument();
    expect(within(questionsPanel()).getByText("Yes, at nine.")).toBeInTheDocument();
    expect(within(questionsPanel()).queryByText("Waiting for an answer")).toBeNull();
    expect(screen.getByText("The teacher answered your question privately")).toBeInTheDocument();
  });

  it("sees a refused question as not sent, with the reason", async () => {
    const user = userEvent.setup();
    await startAsStudent(ev.questions([]));
    openQuestions();
    await user.type(screen.getByRole("textbox", { name: "Your question" }), "One more?");
    await user.click(screen.getByRole("button", { name: "Ask privately" }));
    emit(ev.questionQueued("c-q6", "One more?"), ev.refused("c-q6", "too_many_questions", "too many open"));
    expect(
      within(questionsPanel()).getByText(
        "Not sent: You already have the most questions waiting for an answer. Wait until the teacher answers one.",
      ),
    ).toBeInTheDocument();
  });

  it("cannot ask while the teacher has turned questions off", async () => {
    await startAsStudent(ev.questions([]), ev.rules(false, 0, undefined, undefined, true));
    openQuestions();
    expect(screen.getByRole("textbox", { name: "Your question" })).toBeDisabled();
    expect(within(questionsPanel()).getByText("The teacher has turned private questions off.")).toBeInTheDocument();
  });

  it("is offered asking privately while the chat is locked, from the message box's notice", async () => {
    const user = userEvent.setup();
    await startAsStudent(ev.questions([]), ev.rules(true));
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    await user.click(screen.getByRole("button", { name: "Ask the teacher privately" }));
    expect(screen.getByRole("tab", { name: "Questions" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: "Questions" })).toHaveFocus();
    expect(screen.getByRole("textbox", { name: "Your question" })).toBeEnabled();
  });

  it("sees the teacher's answer for everyone in the chat, quoting the question", async () => {
    const quoted = { ...entry(14, teacher, "Friday at nine, everyone."), quote: { text: "Is the test on Friday?" } };
    await startAsStudent(ev.questions([adasQuestion]), ev.message(quoted), ev.questionAnswered(adasQuestion.id, quoted.text, { seq: 14 }));
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    const line = within(screen.getByRole("region", { name: "Messages" })).getByText("Friday at nine, everyone.").closest("li");
    expect(within(line!).getByRole("blockquote")).toHaveTextContent(/^Question: Is the test on Friday\?$/);
    fireEvent.click(screen.getByRole("tab", { name: /^Questions/ }));
    expect(within(questionsPanel()).getByText("The teacher answered this for everyone in the chat:")).toBeInTheDocument();
  });
});

describe("the teacher answers", () => {
  it("counts the questions waiting on the tab, and answers privately and for everyone with the exact args", async () => {
    const user = userEvent.setup();
    mocked.answerQuestion.mockResolvedValueOnce("t-7").mockResolvedValueOnce("t-8");
    await startAsTeacher(ev.questions([adasQuestion, question("pq_2", bo, "Which page?")]));
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    fireEvent.click(screen.getByRole("tab", { name: "Questions, 2 waiting for an answer" }));

    const thread = screen.getByRole("article", { name: "Question from Ada" });
    await user.type(within(thread).getByRole("textbox", { name: "Your answer" }), "Yes, at nine.");
    await user.click(within(thread).getByRole("button", { name: "Answer privately" }));
    expect(mocked.answerQuestion).toHaveBeenLastCalledWith("pq_k3v9x0a7m2qz5c1d", "Yes, at nine.", false, false);

    emit(ev.replyQueued(adasQuestion.id, "t-7", "Yes, at nine."));
    expect(within(screen.getByRole("article", { name: "Question from Ada" })).getByText("Sending…")).toBeInTheDocument();
    emit(ev.questionAnswered(adasQuestion.id, "Yes, at nine.", { clientId: "t-7" }));
    expect(screen.getByRole("tab", { name: "Questions, 1 waiting for an answer" })).toBeInTheDocument();
    const answered = screen.getByRole("article", { name: "Question from Ada" });
    expect(within(answered).getByText("Privately")).toBeInTheDocument();
    expect(within(answered).queryByText("Sending…")).toBeNull();

    await user.click(within(answered).getByRole("button", { name: "Answer again" }));
    await user.type(within(answered).getByRole("textbox", { name: "Your answer" }), "Friday at nine, everyone.");
    await user.click(within(answered).getByRole("checkbox", { name: "Show the student's name" }));
    await user.click(within(answered).getByRole("button", { name: "Answer for everyone" }));
    expect(mocked.answerQuestion).toHaveBeenLastCalledWith("pq_k3v9x0a7m2qz5c1d", "Friday at nine, everyone.", true, true);
  });

  it("sees a refused answer as not sent", async () => {
    await startAsTeacher(ev.questions([adasQuestion]));
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    fireEvent.click(screen.getByRole("tab", { name: /^Questions/ }));
    emit(ev.replyQueued(adasQuestion.id, "t-9", "Hm."), ev.refused("t-9", "unknown_question", "no such question"));
    expect(
      within(screen.getByRole("article", { name: "Question from Ada" })).getByText(
        "Not sent: That question is not part of this class.",
      ),
    ).toBeInTheDocument();
  });

  it("names the student as they are called now", async () => {
    await startAsTeacher(ev.questions([adasQuestion]), ev.renamed(ada, "Ada L."));
    openQuestions();
    expect(screen.getByRole("article", { name: "Question from Ada L." })).toBeInTheDocument();
  });

  it("turns students' questions off and on", async () => {
    const user = userEvent.setup();
    await startAsTeacher(ev.questions([]));
    openQuestions();
    await user.click(screen.getByRole("checkbox", { name: "Students can ask me privately" }));
    expect(mocked.setRules).toHaveBeenLastCalledWith({ questions_off: true });
    emit(ev.rules(false, 0, undefined, undefined, true));
    expect(screen.getByRole("checkbox", { name: "Students can ask me privately" })).not.toBeChecked();
  });

  it("is notified of a new question while the window is in the background, once", async () => {
    await startAsTeacher(ev.questions([]));
    mocked.windowHasFocus.mockReturnValue(false);
    emit(ev.questionAsked(adasQuestion), ev.questionAsked(adasQuestion));
    expect(mocked.notify).toHaveBeenCalledTimes(1);
    expect(mocked.notify).toHaveBeenCalledWith("Physics 101", "Ada asked privately: Is the test on Friday?");
    expect(screen.getByText("Ada asked you a question privately")).toBeInTheDocument();
  });

  it("is not notified of the questions a welcome brings back", async () => {
    mocked.windowHasFocus.mockReturnValue(false);
    await startAsTeacher(ev.questions([adasQuestion]));
    emit(ev.questionAsked(adasQuestion));
    expect(mocked.notify).not.toHaveBeenCalled();
  });
});
