// The browser build's page (WebApp) against the mocked api, as the app-level
// tests do: it opens on the student's join form for this hub (no teacher's
// card, no class list, no updates), joins with the name and code typed,
// shows the class as the desktop does, and counts unread messages in the
// page's title.

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { emit } from "./test/apiMock";
import { ada, entry, ev, participant, teacher } from "./test/fixtures";
import { WebApp, titleWithUnread } from "./WebApp";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  document.title = "Classroom";
  mocked.lastJoin.mockResolvedValue({ address: "192.168.1.20:4455", name: "", code: "482913" });
});

afterEach(() => {
  document.title = "Classroom";
});

describe("the student's page", () => {
  it("opens on the join form for this hub: name and code, nothing else to pick", async () => {
    render(<WebApp />);
    expect(await screen.findByText("Class at 192.168.1.20:4455")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Join a class" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Start a class" })).not.toBeInTheDocument();
    expect(screen.queryByText("Classes on this network")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Teacher's address")).not.toBeInTheDocument();
    // The code from the link is filled in.
    expect(screen.getByLabelText("Class code")).toHaveValue("482913");
    expect(mocked.watchClasses).not.toHaveBeenCalled();
    expect(mocked.updateSettings).not.toHaveBeenCalled();
  });

  it("joins with the typed name, and shows the class once let in", async () => {
    const user = userEvent.setup();
    render(<WebApp />);
    await screen.findByText("Class at 192.168.1.20:4455");
    await user.click(screen.getByRole("button", { name: "Join" }));
    expect(screen.getByLabelText("Your name")).toHaveFocus();
    expect(mocked.joinClass).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText("Your name"), " Ada ");
    await user.click(screen.getByRole("button", { name: "Join" }));
    expect(mocked.joinClass).toHaveBeenCalledWith(
      { address: "192.168.1.20:4455", name: "Ada", code: "482913" },
      expect.anything(),
    );
    expect(await screen.findByRole("status")).toHaveTextContent("Joining…");

    emit(ev.connecting(), ev.connected(), ev.welcome(ada), ev.roster(participant(teacher), participant(ada)));
    expect(await screen.findByRole("button", { name: "Leave" })).toBeInTheDocument();
  });

  it("goes back to the form with the hub's reason when the code is wrong", async () => {
    const user = userEvent.setup();
    render(<WebApp />);
    await screen.findByText("Class at 192.168.1.20:4455");
    await user.type(screen.getByLabelText("Your name"), "Ada");
    await user.click(screen.getByRole("button", { name: "Join" }));
    emit(ev.connecting(), ev.refusedJoin("bad_code", "wrong class code"));
    const code = screen.getByLabelText("Class code");
    await waitFor(() => expect(code).toHaveFocus());
    expect(code).toHaveAccessibleDescription(/code/i);
  });

  it("goes straight back into the class after a reload (start-up says join)", async () => {
    mocked.startup.mockResolvedValueOnce({ host: null, join: { address: "192.168.1.20:4455", name: "Ada", code: "482913" } });
    render(<WebApp />);
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    emit(ev.connecting(), ev.connected(), ev.welcome(ada), ev.roster(participant(teacher), participant(ada)));
    expect(await screen.findByRole("button", { name: "Leave" })).toBeInTheDocument();
  });

  it("counts unread messages in the page's title", async () => {
    mocked.startup.mockResolvedValueOnce({ host: null, join: { address: "192.168.1.20:4455", name: "Ada", code: "482913" } });
    render(<WebApp />);
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    emit(ev.connecting(), ev.connected(), ev.welcome(ada), ev.roster(participant(teacher), participant(ada)));
    await screen.findByRole("button", { name: "Leave" });
    expect(document.title).toBe("Classroom");

    emit(ev.message(entry(1, teacher, "Open your books")), ev.message(entry(2, teacher, "Page 12")));
    await waitFor(() => expect(document.title).toBe("(2) Classroom"));
    // Reading them (the chat open) clears it.
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: /chat/i }));
    await waitFor(() => expect(document.title).toBe("Classroom"));
    expect(within(document.body).getAllByText("Page 12").length).toBeGreaterThan(0);
  });
});

describe("titleWithUnread", () => {
  it("puts the count in front, only when there is one", () => {
    expect(titleWithUnread("Classroom", 0)).toBe("Classroom");
    expect(titleWithUnread("Classroom", 3)).toBe("(3) Classroom");
  });
});
