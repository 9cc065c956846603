// The phone's full-screen chat: while it is open, the class underneath is
// inert (no Tab, no screen reader's swipe into it); on a wider screen the
// popup leaves the class usable beside it.

import { fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FULL_SCREEN_CHAT } from "./components/ChatPopup";
import { launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const { startAsStudent, startAsTeacher } = launchers();

/** A screen that matches FULL_SCREEN_CHAT (a phone) or not, as the browser says. */
function screenIsPhone(phone: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: query === FULL_SCREEN_CHAT && phone,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

/** The class screen's frame (top bar, banners, content), behind the chat. */
function classFrame(): HTMLElement {
  const frame = screen.getByRole("heading", { level: 1 }).closest<HTMLElement>(".class-layout");
  if (!frame) throw new Error("no class layout");
  return frame;
}

beforeEach(() => {
  vi.resetAllMocks();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the chat on a phone", () => {
  it("makes the student's class inert while it covers it, and usable again once closed", async () => {
    screenIsPhone(true);
    await startAsStudent();
    expect(classFrame()).not.toHaveAttribute("inert");
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    expect(classFrame()).toHaveAttribute("inert");
    // The floating button, and the panel's own Close: either closes it.
    fireEvent.click(screen.getAllByRole("button", { name: "Close chat" })[0]!);
    expect(classFrame()).not.toHaveAttribute("inert");
  });

  it("makes the teacher's class inert too", async () => {
    screenIsPhone(true);
    await startAsTeacher();
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    expect(classFrame()).toHaveAttribute("inert");
  });

  it("leaves the class usable beside the popup on a wider screen", async () => {
    screenIsPhone(false);
    await startAsStudent();
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    expect(classFrame()).not.toHaveAttribute("inert");
  });
});
