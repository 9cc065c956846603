// The browser build end to end in the page: WebApp over the real
// ui/src/api/web.ts (as the web build swaps it in) and the browser client,
// with a fake page socket as the hub. Opened from a link with `#code=`,
// the form has the code and the address bar loses it; the student joins
// this page's hub, gets in, and chats.

import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it, vi } from "vitest";
import * as api from "./api";
import { installFakeSocket } from "./test/fakeSocket";
import { WebApp } from "./WebApp";

// What ui/vite.web.config.ts does for the build.
vi.mock("./api", async () => await import("./api/web"));

afterEach(async () => {
  await api.leaveClass().catch(() => {});
  vi.unstubAllGlobals();
});

it("opens from a link with the code, joins this page's hub and chats", async () => {
  const sockets = installFakeSocket();
  history.replaceState(null, "", "/#code=482913");
  const user = userEvent.setup();
  render(<WebApp />);

  expect(await screen.findByText(`Class at ${location.host}`)).toBeInTheDocument();
  expect(screen.getByLabelText("Class code")).toHaveValue("482913");
  expect(location.hash).toBe("");

  await user.type(screen.getByLabelText("Your name"), "Ada");
  await user.click(screen.getByRole("button", { name: "Join" }));
  const hub = sockets.last();
  expect(hub.url).toBe(`ws://${location.host}/ws`);
  hub.open();
  expect(hub.sent[0]).toEqual({ type: "student:join", name: "Ada", code: "482913", last_seq: 0 });
  hub.welcome();
  expect(await screen.findByRole("button", { name: "Leave" })).toBeInTheDocument();

  await user.click(screen.getByRole("button", { name: "Open chat" }));
  await user.type(screen.getByPlaceholderText("Type a message…"), "Hello{Enter}");
  await waitFor(() => expect(hub.framesOf("chat:message")).toEqual([expect.objectContaining({ text: "Hello" })]));
});
