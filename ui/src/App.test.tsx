// The whole UI against a mocked ui/src/api: events played in as the shell
// would send them, commands checked as the shell would receive them.

import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { App } from "./App";
import { ada, bo, discovered, entry, ev, teacher } from "./test/fixtures";
import { browsing, emit, emitClasses } from "./test/apiMock";
import { hostRequest, joinRequest, launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);
const { startAsTeacher, startAsStudent } = launchers();

beforeEach(() => {
  vi.resetAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
});

function openChat() {
  fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
}

describe("Home", () => {
  it("shows the two cards and prefills the join form from the last join", async () => {
    mocked.lastJoin.mockResolvedValueOnce(joinRequest);
    render(<App />);
    expect(screen.getByRole("heading", { name: "Start a class" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Join a class" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Teacher's address")).toHaveValue("192.168.1.20:4455"));
    expect(screen.getByLabelText("Class code")).toHaveValue("482913");
  });

  it("checks the fields before starting and points at what is missing", async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole("button", { name: "Start class" }));
    expect(screen.getByText("Enter a name for the class.")).toBeInTheDocument();
    expect(screen.getByLabelText("Class name")).toHaveFocus();
    expect(screen.getByLabelText("Class name")).toHaveAttribute("aria-invalid", "true");
    expect(mocked.hostClass).not.toHaveBeenCalled();
  });

  it("starts a class with the trimmed names and shows the code in large type with the addresses", async () => {
    const user = userEvent.setup();
    render(<App />);
    const card = screen.getByRole("region", { name: "Start a class" });
    await user.type(within(card).getByLabelText("Class name"), " Physics 101 ");
    await user.type(within(card).getByLabelText("Your name"), "Mrs. Núñez");
    await user.click(within(card).getByRole("button", { name: "Start class" }));
    expect(mocked.hostClass).toHaveBeenCalledWith(hostRequest, expect.anything());
    await screen.findByRole("button", { name: "End class" });
    // In large type, in two groups of three (spaced by CSS, not by a character).
    const code = screen.getByLabelText("Class code");
    expect(code).toHaveClass("class-code");
    expect(code.textContent).toBe("482913");
    expect(within(code).getByText("482")).toBeInTheDocument();
    expect(code).toHaveAccessibleDescription("4 8 2 9 1 3");
    expect(screen.getByText("192.168.1.20:4455")).toBeInTheDocument();
    expect(screen.getByText("10.8.0.2:4455")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Physics 101" })).toBeInTheDocument();
  });

  it("shows the shell's error message on the start card", async () => {
    const user = userEvent.setup();
    mocked.hostClass.mockRejectedValueOnce({ kind: "io", message: "No network port is free." });
    render(<App />);
    const card = screen.getByRole("region", { name: "Start a class" });
    await user.type(within(card).getByLabelText("Class name"), "Physics");
    await user.type(within(card).getByLabelText("Your name"), "T");
    await user.click(within(card).getByRole("button", { name: "Start class" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent("No network port is free.");
  });

  it("shows a wrong class code next to the code field, and frees the shell", async () => {
    const user = userEvent.setup();
    render(<App />);
    const card = screen.getByRole("region", { name: "Join a class" });
    await user.type(within(card).getByLabelText("Teacher's address"), joinRequest.address);
    await user.type(within(card).getByLabelText("Your name"), "Ada");
    await user.type(within(card).getByLabelText("Class code"), "111111");
    await user.click(within(card).getByRole("button", { name: "Join" }));
    expect(mocked.joinClass).toHaveBeenCalledWith({ ...joinRequest, code: "111111" }, expect.anything());
    expect(await within(card).findByText("Joining…")).toBeInTheDocument();

    emit(ev.connecting(), ev.refusedJoin("bad_code", "That class code is not right. Check it with your teacher."));
    const codeField = within(card).getByLabelText("Class code");
    expect(codeField).toHaveAttribute("aria-invalid", "true");
    expect(codeField).toHaveAccessibleDescription("That class code is not right. Check it with your teacher.");
    expect(codeField).toHaveFocus();
    // The shell lets a closed class go before saying so: nothing to leave.
    expect(mocked.leaveClass).not.toHaveBeenCalled();

    await user.type(codeField, "2");
    expect(within(card).queryByText(/That class code is not right/)).toBeNull();
  });

  it("says when the teacher's computer cannot be reached yet, and can give up", async () => {
    const user = userEvent.setup();
    mocked.startup.mockResolvedValueOnce({ host: null, join: joinRequest });
    render(<App />);
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    emit(ev.connecting(), ev.reconnecting(3));
    expect(screen.getByText("Cannot reach the teacher's computer yet. Trying again (attempt 3)…")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(mocked.leaveClass).toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Join" })).toBeEnabled();
  });
});

describe("finding a class on the network", () => {
  const physics = discovered("Mrs. Núñez — Physics 101");
  const chemistry = discovered("Mr. Ortiz — Chemistry 2", { code_required: false });
  const future = discovered("Robot — Future", { compatibility: "needs_newer_app", protocol: 2 });
  const option = (name: RegExp) => screen.getByRole("button", { name });
  const joinCard = () => within(screen.getByRole("region", { name: "Join a class" }));

  it("lists classes live, greys out one that needs a newer app, and keeps the address field", async () => {
    render(<App />);
    await waitFor(() => expect(browsing()).toBe(true));
    expect(screen.getByText(/No class found yet/)).toBeInTheDocument();
    emitClasses({ kind: "snapshot", data: [future, physics] });
    expect(option(/Mrs\. Núñez — Physics 101/)).toHaveTextContent("Code required");
    expect(option(/Mrs\. Núñez — Physics 101/)).toBeEnabled();
    expect(option(/Robot — Future/)).toHaveTextContent("Needs a newer app");
    expect(option(/Robot — Future/)).toBeDisabled();
    emitClasses({ kind: "appeared", data: chemistry });
    expect(option(/^Mr\. Ortiz — Chemistry 2/)).toHaveTextContent("No code needed");
    emitClasses({ kind: "removed", data: physics });
    expect(screen.queryByRole("button", { name: /Physics 101/ })).not.toBeInTheDocument();
    expect(screen.getByLabelText("Teacher's address")).toBeEnabled();
  });

  it("joins a picked class with its details and no address, and stops looking meanwhile", async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(browsing()).toBe(true));
    emitClasses({ kind: "snapshot", data: [physics] });
    await user.click(option(/^Mrs\. Núñez — Physics 101/));
    expect(option(/^Mrs\. Núñez — Physics 101/)).toHaveAttribute("aria-pressed", "true");
    await user.type(joinCard().getByLabelText("Your name"), "Ada");
    await user.click(screen.getByRole("button", { name: "Join Physics 101" }));
    expect(screen.getByText("Enter the class code your teacher shows.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Class code"), "482913");
    await user.click(screen.getByRole("button", { name: "Join Physics 101" }));
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    expect(mocked.joinClass.mock.calls[0]?.[0]).toEqual({ address: "", name: "Ada", code: "482913", class: physics });
    expect(browsing()).toBe(false);
  });

  it("needs no code for a class that says so; typing an address unpicks the class", async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(browsing()).toBe(true));
    emitClasses({ kind: "snapshot", data: [chemistry, physics] });
    await user.click(option(/^Mr\. Ortiz — Chemistry 2/));
    expect(screen.getByLabelText("Class code")).toHaveAttribute("placeholder", "Not needed");
    await user.type(screen.getByLabelText("Teacher's address"), "10.0.0.7:4455");
    expect(option(/^Mr\. Ortiz — Chemistry 2/)).toHaveAttribute("aria-pressed", "false");
    await user.type(joinCard().getByLabelText("Your name"), "Bo");
    await user.type(screen.getByLabelText("Class code"), "1");
    await user.click(screen.getByRole("button", { name: "Join" }));
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    expect(mocked.joinClass.mock.calls[0]?.[0]).toEqual({ address: "10.0.0.7:4455", name: "Bo", code: "1" });
  });

  it("looks again after a join that failed, and shows why it could not", async () => {
    const user = userEvent.setup();
    mocked.joinClass.mockRejectedValueOnce(
      new api.CommandError({ kind: "io", message: "Cannot join “Mrs. Núñez — Physics 101”: none of the class's addresses answered." }),
    );
    render(<App />);
    await waitFor(() => expect(browsing()).toBe(true));
    emitClasses({ kind: "snapshot", data: [physics] });
    await user.click(option(/^Mrs\. Núñez — Physics 101/));
    await user.type(joinCard().getByLabelText("Your name"), "Ada");
    await user.type(screen.getByLabelText("Class code"), "482913");
    await user.click(screen.getByRole("button", { name: "Join Physics 101" }));
    expect(await screen.findByText(/none of the class's addresses answered/)).toHaveAttribute("role", "alert");
    await waitFor(() => expect(browsing()).toBe(true));
    expect(mocked.watchClasses).toHaveBeenCalledTimes(2);
  });

  it("says when looking is off or impossible, and the address still works", async () => {
    render(<App />);
    await waitFor(() => expect(browsing()).toBe(true));
    emitClasses({ kind: "stopped", data: { reason: "Looking for classes on the network is turned off (--no-mdns)." } });
    expect(screen.getByRole("status")).toHaveTextContent("turned off (--no-mdns)");
    expect(screen.queryByText(/Looking…/)).not.toBeInTheDocument();
    expect(screen.getByLabelText("Teacher's address")).toBeEnabled();
  });

  it("offers recent classes, which fill the address in", async () => {
    const user = userEvent.setup();
    mocked.recentClasses.mockResolvedValueOnce([
      { class: "Physics 101", teacher: teacher.name, address: "192.168.1.20:4455" },
      { class: "History 3", teacher: "Ms. Lee", address: "10.0.0.3:4455" },
    ]);
    render(<App />);
    const history = await screen.findByRole("button", { name: "History 3 with Ms. Lee at 10.0.0.3:4455" });
    expect(screen.getByRole("group", { name: "Recent:" })).toHaveTextContent("Physics 101");
    await user.click(history);
    expect(screen.getByLabelText("Teacher's address")).toHaveValue("10.0.0.3:4455");
  });
});

describe("in class", () => {
  it("counts unread messages on the badge while closed and resets on opening", async () => {
    await startAsStudent();
    emit(ev.message(entry(1, teacher, "Welcome")), ev.message(entry(2, bo, "Hi")), ev.message(entry(3, ada, "Mine")));
    expect(screen.getByRole("button", { name: "Open chat, 2 unread messages" })).toBeInTheDocument();
    openChat();
    expect(screen.queryByText("2")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Close chat", expanded: true }));
    expect(screen.getByRole("button", { name: "Open chat" })).toBeInTheDocument();
  });

  it("sends a message: pending once queued, then confirmed on the right", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    mocked.sendMessage.mockResolvedValueOnce("c-9");
    openChat();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Hello class{Enter}");
    expect(mocked.sendMessage).toHaveBeenCalledWith("Hello class");
    emit(ev.queued("c-9", "Hello class"));
    const pending = screen.getByText("Hello class").closest("li");
    expect(pending).toHaveClass("msg--mine", "msg--sending");
    expect(within(pending!).getByText("Sending…")).toBeInTheDocument();

    emit(ev.acked("c-9", 1), ev.message(entry(1, ada, "Hello class", "c-9")));
    const sent = screen.getByText("Hello class").closest("li");
    expect(sent).toHaveClass("msg--mine");
    expect(sent).not.toHaveClass("msg--sending");
    expect(within(sent!).queryByText("Sending…")).toBeNull();
    expect(within(sent!).getByText("You")).toBeInTheDocument();
    expect(screen.getAllByRole("listitem")).toHaveLength(1);
  });

  it("shows why a message was refused", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    mocked.sendMessage.mockResolvedValueOnce("c-5");
    openChat();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "again{Enter}");
    emit(ev.queued("c-5", "again"), ev.refused("c-5", "rate_limited", "You are sending too fast. Wait a moment."));
    expect(screen.getByText("Not sent: You are sending too fast. Wait a moment.")).toBeInTheDocument();
    expect(screen.getByText("again")).toBeInTheDocument();
    expect(screen.queryByText("Sending…")).toBeNull();
  });

  it("shows a message the app could not even queue, with the reason", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    mocked.sendMessage.mockRejectedValueOnce({ kind: "io", message: "Too many messages are waiting to be sent." });
    openChat();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "one more{Enter}");
    expect(await screen.findByText("Not sent: Too many messages are waiting to be sent.")).toBeInTheDocument();
    expect(screen.getByText("one more")).toBeInTheDocument();
  });

  it("throttles the typing signal and stops it on send", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    openChat();
    await user.type(screen.getByRole("textbox", { name: "Message" }), "hello");
    expect(mocked.setTyping.mock.calls).toEqual([[true]]);
    await user.keyboard("{Enter}");
    expect(mocked.setTyping.mock.calls).toEqual([[true], [false]]);
  });

  it("shows who is typing and forgets it after 5 s without a refresh", async () => {
    await startAsStudent();
    vi.useFakeTimers();
    openChat();
    emit(ev.typing("p_3", true));
    expect(screen.getByText("Bo is typing…")).toBeInTheDocument();
    emit(ev.typing("p_1", true));
    expect(screen.getByText("Bo and Mrs. Núñez are typing…")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(6_000));
    expect(screen.queryByText(/typing…/)).toBeNull();
  });

  it("offers a 'new messages' pill instead of scrolling a reader who scrolled up", async () => {
    await startAsStudent();
    emit(...Array.from({ length: 30 }, (_, i) => ev.message(entry(i + 1, bo, `line ${i + 1}`))));
    openChat();
    const scroller = screen.getByRole("region", { name: "Messages" });
    Object.defineProperty(scroller, "scrollHeight", { configurable: true, value: 2000 });
    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 400 });
    scroller.scrollTop = 200;
    fireEvent.scroll(scroller);

    emit(ev.message(entry(31, bo, "new one")));
    expect(scroller.scrollTop).toBe(200);
    const pill = screen.getByRole("button", { name: "1 new message" });
    emit(ev.message(entry(32, bo, "another")));
    expect(pill).toHaveTextContent("2 new messages");

    fireEvent.click(pill);
    expect(scroller.scrollTop).toBe(2000);
    expect(screen.queryByRole("button", { name: /new message/ })).toBeNull();
  });

  it("follows new messages while the reader is at the bottom", async () => {
    await startAsStudent();
    openChat();
    const scroller = screen.getByRole("region", { name: "Messages" });
    Object.defineProperty(scroller, "scrollHeight", { configurable: true, value: 900 });
    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 400 });
    emit(ev.message(entry(1, bo, "hi")));
    expect(scroller.scrollTop).toBe(900);
    expect(screen.queryByRole("button", { name: /new message/ })).toBeNull();
  });

  it("notifies on the desktop when the window is in the background", async () => {
    await startAsStudent();
    vi.useFakeTimers();
    mocked.windowHasFocus.mockReturnValue(false);
    emit(ev.message(entry(1, bo, "Are we done?")), ev.message(entry(2, ada, "own")));
    act(() => vi.advanceTimersByTime(500));
    expect(mocked.notify).toHaveBeenCalledExactlyOnceWith("Bo", "Are we done?");
  });

  it("does not notify while the window has the focus", async () => {
    await startAsStudent();
    vi.useFakeTimers();
    emit(ev.message(entry(1, bo, "hi")));
    act(() => vi.advanceTimersByTime(500));
    expect(mocked.notify).not.toHaveBeenCalled();
  });
});

describe("connection banner", () => {
  it("shows connecting and reconnecting with the attempt", async () => {
    await startAsStudent();
    emit(ev.reconnecting(3));
    expect(screen.getByRole("status")).toHaveTextContent("Reconnecting… (attempt 3)");
    emit(ev.connecting());
    expect(screen.getByText("Connecting…")).toBeInTheDocument();
    emit(ev.connected());
    expect(screen.queryByText(/Connecting…|Reconnecting/)).toBeNull();
  });

  it("says the teacher ended the session, and leads back to Home", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    emit(ev.closed("ended"));
    expect(screen.getByRole("alert")).toHaveTextContent("Session ended by the teacher");
    expect(screen.getByRole("heading", { name: "You are no longer in the class" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Leave" })).toBeNull();
    openChat();
    expect(screen.getByRole("textbox", { name: "Message" })).toBeDisabled();
    expect(within(screen.getByRole("region", { name: "Class chat" })).getByText("Session ended by the teacher")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Back to home" }));
    expect(screen.getByRole("heading", { name: "Join a class" })).toBeInTheDocument();
  });

  it("says the student was removed", async () => {
    await startAsStudent();
    emit(ev.closed("removed"));
    expect(screen.getByRole("alert")).toHaveTextContent("You were removed from the class");
    expect(mocked.leaveClass).not.toHaveBeenCalled();
  });
});

describe("teacher", () => {
  const listing = () =>
    screen.getByText("Students will not see this class in their list.").closest<HTMLElement>(".listing");
  it("shows the join link, its QR code and that the class is listed on the network", async () => {
    await startAsTeacher();
    expect(screen.getByText("http://192.168.1.20:4455/")).toBeInTheDocument();
    expect(screen.getByText("or, on a phone, tablet or Chromebook, scan this or open in a browser:")).toBeInTheDocument();
    const qr = screen.getByRole("img", { name: "QR code of the join link http://192.168.1.20:4455/" });
    expect(qr.querySelector("path")).toHaveAttribute("d", "M0 0h7v1h-7z");
    expect(qr).toHaveAttribute("viewBox", "-4 -4 29 29");
    expect(screen.getByText(/Listed on this network as “Physics 101”/)).toBeInTheDocument();
    expect(browsing()).toBe(false);
  });

  it("says when the class could not be listed, what to do, and tries again", async () => {
    const user = userEvent.setup();
    mocked.hostClass.mockImplementationOnce(async (request) => ({
      session: "s1",
      resumed: false,
      storage: { state: "ok" },
      class: request.class,
      teacher: request.teacher,
      code: "482913",
      addresses: ["10.231.7.13:4455"],
      join_link: "ws://10.231.7.13:4455/ws",
      qr: null,
      web: false,
      advertising: {
        state: "failed",
        reason: "No network interface to use (LAN interfaces); connect to the classroom network first.",
        retry_helps: true,
        fix: "Connect this computer to the classroom network, then try again.",
      },
    }));
    mocked.retryAdvertising.mockResolvedValueOnce({
      state: "on",
      instance: "Physics 101",
      interfaces: ["eth0 (10.231.7.13)"],
      warnings: [],
    });
    await startAsTeacher();
    const alert = listing();
    if (!alert) throw new Error("no listing status");
    expect(alert).toHaveAttribute("role", "alert");
    expect(alert).toHaveTextContent("Students will not see this class in their list.");
    expect(alert).toHaveTextContent("give them the address or the join link above");
    expect(alert).toHaveTextContent("Connect this computer to the classroom network");
    expect(screen.getByText("ws://10.231.7.13:4455/ws")).toBeInTheDocument();
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/Listed on this network as “Physics 101”/)).toBeInTheDocument();
    expect(screen.queryByText("Students will not see this class in their list.")).not.toBeInTheDocument();
  });

  it("offers no retry when retrying alone cannot help", async () => {
    mocked.hostClass.mockImplementationOnce(async (request) => ({
      session: "s1",
      resumed: false,
      storage: { state: "ok" },
      class: request.class,
      teacher: request.teacher,
      code: "482913",
      addresses: ["10.231.7.13:4455"],
      join_link: "ws://10.231.7.13:4455/ws",
      qr: null,
      web: false,
      advertising: { state: "failed", reason: "Multicast is blocked.", retry_helps: false, fix: "Allow mDNS (UDP port 5353)." },
    }));
    await startAsTeacher();
    expect(listing()).toHaveTextContent("Allow mDNS (UDP port 5353).");
    expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  });

  it("removes a student after confirming", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    openChat();
    await user.click(screen.getByRole("tab", { name: "Participants (3)" }));
    await user.click(screen.getByRole("button", { name: "Remove Ada" }));
    await user.click(screen.getByRole("button", { name: "Remove" }));
    expect(mocked.removeStudent).toHaveBeenCalledWith("p_2", false);
    emit(ev.left("p_2", "removed"));
    expect(screen.getByRole("tab", { name: "Participants (2)" })).toBeInTheDocument();
  });

  it("removes every offline student at once after confirming", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    openChat();
    await user.click(screen.getByRole("tab", { name: "Participants (3)" }));
    expect(screen.queryByRole("button", { name: /Remove offline students/ })).not.toBeInTheDocument();
    emit(ev.left("p_2", "left"), ev.left("p_3", "timeout"));
    await user.click(screen.getByRole("button", { name: "Remove offline students (2)" }));
    const dialog = screen.getByRole("dialog", { name: "Remove the 2 offline students?" });
    await user.click(within(dialog).getByRole("button", { name: "Remove offline students" }));
    expect(mocked.removeOffline).toHaveBeenCalledOnce();
    emit(ev.left("p_2", "removed"), ev.left("p_3", "removed"));
    expect(screen.getByRole("tab", { name: "Participants (1)" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove offline students/ })).not.toBeInTheDocument();
  });

  it("warns the teacher of someone guessing the code and changes it in one click", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    emit(ev.guessing(14));
    const alerts = screen.getAllByRole("alert");
    const warning = alerts.find((a) => a.textContent?.includes("14 wrong class codes were tried in the last minute"));
    expect(warning).toBeDefined();
    await user.click(screen.getByRole("button", { name: "Change the code" }));
    expect(mocked.changeCode).toHaveBeenCalledOnce();
    expect(screen.getByLabelText("Class code").textContent).toBe("731064");
    emit(ev.guessing(0));
    expect(screen.getByText(/The class code is now 731 064/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText(/The class code is now/)).not.toBeInTheDocument();
  });

  it("puts the class code in the web link and its QR code when asked, and keeps it current", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    const withCode = screen.getByRole("checkbox", { name: "Put the class code in the link" });
    expect(withCode).not.toBeChecked();
    expect(withCode).toHaveAccessibleDescription("Students who open the link type the class code.");
    await user.click(withCode);
    expect(mocked.joinLink).toHaveBeenLastCalledWith(true);
    expect(await screen.findByText("http://192.168.1.20:4455/#code=482913")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "QR code of the join link http://192.168.1.20:4455/#code=482913" })).toBeInTheDocument();
    expect(withCode).toBeChecked();
    expect(withCode).toHaveAccessibleDescription(/joins without typing the code/);

    // A new code: the link carrying the old one is replaced.
    const renewed = "http://192.168.1.20:4455/#code=731064";
    mocked.joinLink.mockResolvedValueOnce({ link: renewed, qr: { text: renewed, size: 21, path: "M0 0h7v1h-7z" }, with_code: true });
    emit(ev.guessing(14));
    await user.click(screen.getByRole("button", { name: "Change the code" }));
    expect(await screen.findByText(renewed)).toBeInTheDocument();
    expect(screen.queryByText("http://192.168.1.20:4455/#code=482913")).not.toBeInTheDocument();

    await user.click(withCode);
    expect(mocked.joinLink).toHaveBeenLastCalledWith(false);
    expect(await screen.findByText("http://192.168.1.20:4455/")).toBeInTheDocument();
    expect(withCode).not.toBeChecked();
  });

  it("shows a code change that failed as a notice", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    mocked.changeCode.mockRejectedValueOnce({ kind: "notInClass", message: "The class has ended.", code: "classEnded" });
    emit(ev.guessing(5));
    await user.click(screen.getByRole("button", { name: "Change the code" }));
    expect(await screen.findByText("The class has ended.")).toBeInTheDocument();
    expect(screen.getByLabelText("Class code").textContent).toBe("482913");
  });

  it("runs a poll: the dialog opens it, the live results and who answered show, close and reveal go to the shell", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await user.click(screen.getByRole("button", { name: "New poll" }));
    const dialog = screen.getByRole("dialog", { name: "New poll" });
    await user.type(within(dialog).getByLabelText("Question"), "Which planet is largest?");
    await user.click(within(dialog).getByRole("button", { name: "Yes / No" }));
    await user.click(within(dialog).getByRole("button", { name: "Start poll" }));
    expect(mocked.openPoll).toHaveBeenCalledWith(
      expect.objectContaining({ question: "Which planet is largest?", kind: "single", options: ["Yes", "No"] }),
    );
    // Refused (another poll open): said in the dialog, which stays open.
    emit({ kind: "refused", data: { client_id: null, code: "poll_open", message: "close it first" } });
    expect(within(screen.getByRole("dialog", { name: "New poll" })).getByText("Another poll is still open. Close it before starting a new one.")).toBeInTheDocument();
    const poll = { id: "q_1", question: "Which planet is largest?", kind: "single" as const, options: ["Yes", "No"], quiz: false, anonymous: false, changes: false, opened_at: "2026-12-02T09:00:00.000Z" };
    emit({ kind: "pollOpened", data: poll });
    expect(screen.queryByRole("dialog", { name: "New poll" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "New poll" })).toBeDisabled();
    emit({ kind: "pollTally", data: { poll: "q_1", answered: 1, students: 2, counts: [1, 0], texts: [], correct: [], who: ["p_2"] } });
    expect(screen.getByText("1 of 2 has answered")).toBeInTheDocument();
    openChat();
    await user.click(screen.getByRole("tab", { name: "Participants (3)" }));
    const people = screen.getByRole("tabpanel");
    expect(within(people).getByText("Answered")).toBeInTheDocument();
    expect(within(people).getByText("Not yet")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Close poll" }));
    expect(mocked.closePoll).toHaveBeenCalledWith("q_1");
    await user.click(screen.getByRole("button", { name: "Show results to the class" }));
    expect(mocked.revealPoll).toHaveBeenCalledWith("q_1");
  });

  it("shows a refused removal as a notice", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    mocked.removeStudent.mockRejectedValueOnce({ kind: "notInClass", message: "You are not in a class." });
    openChat();
    await user.click(screen.getByRole("tab", { name: "Participants (3)" }));
    await user.click(screen.getByRole("button", { name: "Remove Bo" }));
    await user.click(screen.getByRole("button", { name: "Remove" }));
    expect(await screen.findByText("You are not in a class.")).toBeInTheDocument();
  });

  it("ends the class after confirming and goes back to Home", async () => {
    const user = userEvent.setup();
    await startAsTeacher();
    await user.click(screen.getByRole("button", { name: "End class" }));
    const dialog = screen.getByRole("dialog", { name: "End the class for everyone?" });
    await user.click(within(dialog).getByRole("button", { name: "End class" }));
    expect(mocked.endClass).toHaveBeenCalledOnce();
    expect(await screen.findByRole("heading", { name: "Start a class" })).toBeInTheDocument();
  });

  it("shows how many students joined and are online", async () => {
    await startAsTeacher();
    expect(screen.getByText("2 students joined · 2 online")).toBeInTheDocument();
    emit(ev.left("p_3", "timeout"));
    expect(screen.getByText("2 students joined · 1 online")).toBeInTheDocument();
  });

  it("marks the teacher's own messages as the teacher's, on the right", async () => {
    await startAsTeacher();
    emit(ev.message(entry(1, teacher, "Open page 12")));
    openChat();
    const item = screen.getByText("Open page 12").closest("li");
    expect(item).toHaveClass("msg--mine", "msg--teacher");
    expect(within(item!).getByText("Teacher")).toBeInTheDocument();
  });
});

describe("student", () => {
  it("leaves after confirming", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    expect(screen.getByRole("heading", { level: 1, name: "Physics 101" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Welcome, Ada" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Leave" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Leave" }));
    expect(mocked.leaveClass).toHaveBeenCalledOnce();
    expect(await screen.findByRole("heading", { name: "Join a class" })).toBeInTheDocument();
  });
});

describe("polls for a student", () => {
  const poll = {
    id: "q_1",
    question: "Which planet is largest?",
    kind: "single" as const,
    options: ["Mars", "Jupiter"],
    quiz: true,
    anonymous: false,
    changes: false,
    opened_at: "2026-12-02T09:00:00.000Z",
  };

  it("answers with one click, says sending then sent, and after the reveal whether it was right", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    emit({ kind: "pollOpened", data: poll });
    await user.click(screen.getByRole("button", { name: "Jupiter" }));
    expect(mocked.answerPoll).toHaveBeenCalledWith("q_1", { choices: [1] });
    emit({ kind: "answerQueued", data: { poll: "q_1", client_id: "c-a1", answer: { choices: [1] } } });
    expect(screen.getByText("Sending…")).toBeInTheDocument();
    emit({ kind: "pollAnswered", data: { poll: "q_1", client_id: "c-a1" } });
    expect(screen.getByText("Answer sent.")).toBeInTheDocument();
    emit(
      { kind: "pollClosed", data: { poll: "q_1", by: "timer" } },
      { kind: "pollRevealed", data: { poll: "q_1", answered: 2, students: 2, counts: [1, 1], texts: [], correct: [1] } },
    );
    expect(screen.getByText("You were right!")).toBeInTheDocument();
  });

  it("puts the current poll first on the screen, above the welcome, from opening to results", async () => {
    await startAsStudent();
    emit({ kind: "pollOpened", data: poll });
    const question = () => screen.getByRole("heading", { name: "Which planet is largest?" });
    const welcome = screen.getByRole("heading", { name: /^Welcome/ });
    const above = (a: Element, b: Element) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    expect(above(question(), welcome)).toBe(true);
    emit(
      { kind: "pollClosed", data: { poll: "q_1", by: "teacher" } },
      { kind: "pollRevealed", data: { poll: "q_1", answered: 2, students: 2, counts: [1, 1], texts: [], correct: [1] } },
    );
    expect(above(question(), screen.getByRole("heading", { name: /^Welcome/ }))).toBe(true);
  });

  it("shows the open poll in the chat popup too, where it can be answered", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    openChat();
    emit({ kind: "pollOpened", data: poll });
    const panel = screen.getByRole("tabpanel");
    await user.click(within(panel).getByRole("button", { name: "Jupiter" }));
    expect(mocked.answerPoll).toHaveBeenCalledWith("q_1", { choices: [1] });
    // Said to screen readers once, not once per copy.
    const live = document.querySelectorAll("[aria-live='polite']");
    const told = [...live].filter((el) => el.textContent?.includes("New poll: Which planet is largest?"));
    expect(told).toHaveLength(1);
    emit({ kind: "pollClosed", data: { poll: "q_1", by: "teacher" } });
    expect(within(screen.getByRole("tabpanel")).queryByRole("button", { name: "Jupiter" })).not.toBeInTheDocument();
  });

  it("says why an answer was refused", async () => {
    const user = userEvent.setup();
    await startAsStudent();
    emit({ kind: "pollOpened", data: poll });
    await user.click(screen.getByRole("button", { name: "Mars" }));
    emit(
      { kind: "answerQueued", data: { poll: "q_1", client_id: "c-a1", answer: { choices: [0] } } },
      { kind: "refused", data: { client_id: "c-a1", code: "poll_closed", message: "closed" } },
    );
    expect(screen.getByText("This poll is closed: it no longer takes answers.")).toBeInTheDocument();
    expect(screen.queryByText("Sending…")).not.toBeInTheDocument();
  });
});
