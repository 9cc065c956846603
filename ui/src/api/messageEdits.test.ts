// Deleting and pinning messages reach the shell as its commands
// `delete_message {seq}` and `pin_message {seq}` (null: unpin).

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { deleteMessage, pinMessage } from ".";

afterEach(() => {
  clearMocks();
});

describe("deleting and pinning messages", () => {
  it("calls the shell's commands with the message's seq", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((command, args) => {
      calls.push([command, args]);
      return null;
    });
    await deleteMessage(7);
    await pinMessage(12);
    await pinMessage(null);
    expect(calls).toEqual([
      ["delete_message", { seq: 7 }],
      ["pin_message", { seq: 12 }],
      ["pin_message", { seq: null }],
    ]);
  });

  it("rejects with the shell's error", async () => {
    mockIPC(() => {
      throw { kind: "notInClass", message: "You are not in a class.", code: "notInClass", params: {} };
    });
    await expect(deleteMessage(7)).rejects.toMatchObject({ name: "CommandError", kind: "notInClass" });
  });
});
