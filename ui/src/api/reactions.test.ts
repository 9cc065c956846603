// Reacting reaches the shell as its command `react_to_message {seq, emoji, on}`.

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { reactToMessage } from ".";

afterEach(() => {
  clearMocks();
});

describe("reacting to a message", () => {
  it("calls the shell's command with the message's seq, the emoji as written, and on or off", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((command, args) => {
      calls.push([command, args]);
      return null;
    });
    await expect(reactToMessage(12, "\u2764\uFE0F", true)).resolves.toBeUndefined();
    await reactToMessage(12, "👍", false);
    expect(calls).toEqual([
      ["react_to_message", { seq: 12, emoji: "\u2764\uFE0F", on: true }],
      ["react_to_message", { seq: 12, emoji: "👍", on: false }],
    ]);
  });

  it("rejects with the shell's error", async () => {
    mockIPC(() => {
      throw { kind: "notInClass", message: "You are not in a class.", code: "notInClass", params: {} };
    });
    await expect(reactToMessage(12, "👍", true)).rejects.toMatchObject({ name: "CommandError", kind: "notInClass" });
  });
});
