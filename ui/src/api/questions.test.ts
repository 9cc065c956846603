// Private questions reach the shell as its commands `ask_question {text}` and
// `answer_question {question, text, public, showName}`.

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { answerQuestion, askQuestion } from ".";

afterEach(() => {
  clearMocks();
});

describe("private questions", () => {
  it("asks with the text, and resolves with the question's id", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((command, args) => {
      calls.push([command, args]);
      return "q-1";
    });
    await expect(askQuestion("Is the test on Friday?")).resolves.toBe("q-1");
    expect(calls).toEqual([["ask_question", { text: "Is the test on Friday?" }]]);
  });

  it("answers with the question's id, the text, public and showName, and resolves with the answer's id", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((command, args) => {
      calls.push([command, args]);
      return `a-${calls.length}`;
    });
    await expect(answerQuestion("pq_k3v9x0a7m2qz5c1d", "Yes, at nine.", false, false)).resolves.toBe("a-1");
    await expect(answerQuestion("pq_k3v9x0a7m2qz5c1d", "Friday at nine.", true, true)).resolves.toBe("a-2");
    expect(calls).toEqual([
      ["answer_question", { question: "pq_k3v9x0a7m2qz5c1d", text: "Yes, at nine.", public: false, showName: false }],
      ["answer_question", { question: "pq_k3v9x0a7m2qz5c1d", text: "Friday at nine.", public: true, showName: true }],
    ]);
  });

  it("rejects with the shell's error", async () => {
    mockIPC(() => {
      throw { kind: "notInClass", message: "You are not in a class.", code: "notInClass", params: {} };
    });
    await expect(askQuestion("Hello?")).rejects.toMatchObject({ name: "CommandError", kind: "notInClass" });
  });
});
