// Durable classes, the whole UI against a mocked ui/src/api: earlier
// messages on request, resuming, the Past classes screen, a damaged history
// and the hosted class's storage state.

import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { App } from "./App";
import { CHAT_TRIM_STEP, CHAT_WINDOW } from "./state/classroom";
import { ada, bo, entries, entry, ev, past, summary, teacher } from "./test/fixtures";
import { emit } from "./test/apiMock";
import { launchers } from "./test/app";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);
const physics = summary("s-phys", { ended_at: null, messages: 240, participants: 19 });
const chemistry = summary("s-chem", { class: "Chemistry 2", teacher: "Mr. Ortiz", messages: 1, participants: 1 });
const damaged = new api.CommandError({
  kind: "damaged",
  message: "The class history file is damaged (database disk image is malformed).",
});

beforeEach(() => {
  vi.resetAllMocks();
});

const { startAsStudent } = launchers();
// The teacher's class has only Ada in it.
const { startAsTeacher } = launchers({ roster: [teacher, ada] });

/** Home with these past classes, the teacher's card showing them. */
async function homeWith(classes = [physics, chemistry], retention: number | null = null) {
  mocked.pastClasses.mockResolvedValue(past(classes, retention));
  render(<App />);
  if (classes.length > 0) await screen.findByRole("button", { name: `Past classes (${classes.length})` });
  else await waitFor(() => expect(mocked.pastClasses).toHaveBeenCalled());
}

async function openPastClasses(classes = [physics, chemistry], retention: number | null = null) {
  const user = userEvent.setup();
  await homeWith(classes, retention);
  await user.click(screen.getByRole("button", { name: `Past classes (${classes.length})` }));
  await screen.findByRole("heading", { level: 1, name: "Past classes" });
  return user;
}

function row(name: string): HTMLElement {
  const item = screen.getByRole("heading", { name }).closest("li");
  if (!item) throw new Error(`no row for ${name}`);
  return item;
}

describe("earlier messages in the chat", () => {
  function layout(height: { current: number }) {
    const scroller = screen.getByRole("region", { name: "Messages" });
    Object.defineProperty(scroller, "scrollHeight", { configurable: true, get: () => height.current });
    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 400 });
    return scroller;
  }

  it("asks the shell when the reader scrolls to the top, and keeps their place when the page comes", async () => {
    await startAsStudent();
    emit(...entries(201, 230).map(ev.message));
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    const height = { current: 2000 };
    const scroller = layout(height);
    // Scroll events come in bursts, faster than React renders.
    act(() => {
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event("scroll"));
      scroller.scrollTop = 10;
      scroller.dispatchEvent(new Event("scroll"));
    });
    fireEvent.scroll(scroller);
    // A burst may ask more than once before the shell's answer is rendered;
    // the shell ignores an ask while a page is on its way.
    expect(mocked.loadEarlier).toHaveBeenCalled();
    emit(ev.loadingEarlier());
    expect(screen.getByRole("button", { name: "Loading earlier messages…" })).toBeInTheDocument();
    const asked = mocked.loadEarlier.mock.calls.length;
    fireEvent.scroll(scroller);
    expect(mocked.loadEarlier).toHaveBeenCalledTimes(asked);

    height.current = 3000;
    emit(ev.earlier(entries(171, 200)));
    expect(scroller.scrollTop).toBe(1010);
    const lines = within(scroller).getAllByRole("listitem");
    expect(lines).toHaveLength(60);
    expect(lines[0]).toHaveTextContent("line 171");
    expect(screen.getByRole("button", { name: "Load earlier messages" })).toBeInTheDocument();

    // The next page is the last one.
    fireEvent.click(screen.getByRole("button", { name: "Load earlier messages" }));
    expect(mocked.loadEarlier).toHaveBeenCalledTimes(asked + 1);
    emit(ev.loadingEarlier(), ev.earlier(entries(151, 170), true));
    expect(screen.getByText("Start of the class")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /earlier messages/ })).toBeNull();
  });

  it("shows the lines it kept above the list before asking the shell", async () => {
    await startAsStudent();
    const count = CHAT_WINDOW + CHAT_TRIM_STEP + 1;
    emit(...entries(1, count).map(ev.message));
    fireEvent.click(screen.getByRole("button", { name: /^Open chat/ }));
    const scroller = layout({ current: 50_000 });
    const setSize = () => within(scroller).getAllByRole("listitem")[0]?.getAttribute("aria-setsize");
    // The newest lines only, though the start of the class is here.
    expect(setSize()).toBe(String(CHAT_WINDOW));
    expect(screen.queryByText("Start of the class")).toBeNull();

    act(() => {
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event("scroll"));
    });
    expect(setSize()).toBe(String(count));
    expect(mocked.loadEarlier).not.toHaveBeenCalled();
    expect(screen.getByText("Start of the class")).toBeInTheDocument();
  });

  it("does not count earlier messages as unread", async () => {
    await startAsStudent();
    emit(ev.message(entry(230, bo, "latest")));
    expect(screen.getByRole("button", { name: "Open chat, 1 unread message" })).toBeInTheDocument();
    emit(ev.earlier(entries(200, 229)));
    expect(screen.getByRole("button", { name: "Open chat, 1 unread message" })).toBeInTheDocument();
  });
});

describe("resuming from Home", () => {
  it("offers the last class on the teacher's card and resumes it", async () => {
    const user = userEvent.setup();
    await homeWith();
    const resume = screen.getByRole("group", { name: "Resume last class" });
    expect(within(resume).getByText("Physics 101")).toBeInTheDocument();
    expect(resume).toHaveTextContent("Mrs. Núñez · Today, 9:50 AM");
    await user.click(within(resume).getByRole("button", { name: "Resume" }));
    expect(mocked.hostClass).toHaveBeenCalledWith(
      { class: "Physics 101", teacher: teacher.name, resume: "s-phys" },
      expect.anything(),
    );
    expect(await screen.findByText("Teacher: Mrs. Núñez · Resumed")).toBeInTheDocument();
  });

  it("says nothing about resuming a new class", async () => {
    await startAsTeacher();
    expect(screen.getByText("Teacher: Mrs. Núñez")).toBeInTheDocument();
    expect(screen.queryByText(/Resumed/)).toBeNull();
  });

  it("shows neither Resume nor Past classes before any class was kept", async () => {
    await homeWith([]);
    expect(screen.queryByRole("group", { name: "Resume last class" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Past classes/ })).toBeNull();
  });

  it("shows a failed resume on the teacher's card", async () => {
    const user = userEvent.setup();
    mocked.hostClass.mockRejectedValueOnce({ kind: "io", message: "Cannot start the class: the data folder is read-only." });
    await homeWith();
    await user.click(within(screen.getByRole("group", { name: "Resume last class" })).getByRole("button", { name: "Resume" }));
    const card = screen.getByRole("region", { name: "Start a class" });
    expect(await within(card).findByRole("alert")).toHaveTextContent("Cannot start the class: the data folder is read-only.");
  });
});

describe("the Past classes screen", () => {
  it("lists each class with its teacher, start, end or interruption, and counts; the retention and the folder", async () => {
    await openPastClasses([physics, chemistry], 90);
    const phys = row("Physics 101");
    expect(phys).toHaveTextContent("Mrs. Núñez · Started Today, 9:00 AM · Interrupted");
    expect(phys).toHaveTextContent("240 messages · 19 participants");
    const chem = row("Chemistry 2");
    expect(chem).toHaveTextContent("Mr. Ortiz · Started Today, 9:00 AM · Ended 9:50 AM");
    expect(chem).toHaveTextContent("1 message · 1 participant");
    expect(screen.getByRole("combobox", { name: "Keep past classes" })).toHaveValue("90");
    expect(screen.getByText("/home/teacher/.local/share/classroom")).toBeInTheDocument();
    expect(mocked.watchClasses).toHaveBeenCalledTimes(1);
  });

  it("says what the screen is for when no class is kept yet", async () => {
    const user = userEvent.setup();
    await homeWith([physics]);
    mocked.pastClasses.mockResolvedValue(past([]));
    await user.click(screen.getByRole("button", { name: "Past classes (1)" }));
    expect(await screen.findByText("No past classes yet.")).toBeInTheDocument();
    expect(screen.getByText(/Classes you start are kept here/)).toBeInTheDocument();
  });

  it("goes back to Home", async () => {
    const user = await openPastClasses();
    await user.click(screen.getByRole("button", { name: "Back to home" }));
    expect(screen.getByRole("heading", { name: "Start a class" })).toBeInTheDocument();
  });

  it("resumes a class from its row", async () => {
    const user = await openPastClasses();
    await user.click(within(row("Chemistry 2")).getByRole("button", { name: "Resume" }));
    expect(mocked.hostClass).toHaveBeenCalledWith(
      { class: "Chemistry 2", teacher: "Mr. Ortiz", resume: "s-chem" },
      expect.anything(),
    );
    expect(await screen.findByRole("button", { name: "End class" })).toBeInTheDocument();
  });

  it("shows a failed resume on its row and stays", async () => {
    mocked.hostClass.mockRejectedValueOnce({ kind: "io", message: "Cannot start the class: the disk is full." });
    const user = await openPastClasses();
    await user.click(within(row("Chemistry 2")).getByRole("button", { name: "Resume" }));
    expect(await within(row("Chemistry 2")).findByRole("alert")).toHaveTextContent("Cannot start the class: the disk is full.");
    expect(within(row("Physics 101")).queryByRole("alert")).toBeNull();
  });

  it("exports in the chosen format and says where the file went", async () => {
    mocked.exportClass.mockResolvedValueOnce("/home/teacher/Documents/Chemistry 2.csv");
    const user = await openPastClasses();
    const chem = row("Chemistry 2");
    await user.click(within(chem).getByRole("button", { name: "Export" }));
    const formats = within(chem).getByRole("group", { name: "Export Chemistry 2 as" });
    expect(within(formats).getAllByRole("button").map((b) => b.textContent)).toEqual(["Markdown", "CSV", "JSON", "Gradebook (CSV)"]);
    await user.click(within(formats).getByRole("button", { name: "CSV" }));
    expect(mocked.exportClass).toHaveBeenCalledExactlyOnceWith("s-chem", "csv", "en");
    await waitFor(() =>
      expect(within(row("Chemistry 2")).getByRole("status")).toHaveTextContent("Saved to /home/teacher/Documents/Chemistry 2.csv"),
    );
    expect(within(row("Physics 101")).getByRole("status")).toBeEmptyDOMElement();
  });

  it("exports the polls' gradebook", async () => {
    mocked.exportClass.mockResolvedValueOnce("/home/teacher/Documents/Chemistry 2.csv");
    const user = await openPastClasses();
    await user.click(within(row("Chemistry 2")).getByRole("button", { name: "Export" }));
    await user.click(within(row("Chemistry 2")).getByRole("button", { name: "Gradebook (CSV)" }));
    expect(mocked.exportClass).toHaveBeenCalledExactlyOnceWith("s-chem", "gradebook", "en");
  });

  it("says nothing when the teacher cancels the save dialog", async () => {
    let cancel: (path: string | null) => void = () => {};
    mocked.exportClass.mockImplementationOnce(() => new Promise((resolve) => (cancel = resolve)));
    const user = await openPastClasses();
    await user.click(within(row("Physics 101")).getByRole("button", { name: "Export" }));
    await user.click(within(row("Physics 101")).getByRole("button", { name: "JSON" }));
    expect(mocked.exportClass).toHaveBeenCalledExactlyOnceWith("s-phys", "json", "en");
    expect(within(row("Physics 101")).getByRole("button", { name: "Exporting…" })).toBeDisabled();
    cancel(null);
    expect(await within(row("Physics 101")).findByRole("button", { name: "Export" })).toBeEnabled();
    expect(screen.queryByText(/Saved to/)).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a failed export on its row", async () => {
    mocked.exportClass.mockRejectedValueOnce({ kind: "io", message: "Cannot write /mnt/usb/Physics 101.md: read-only file system." });
    const user = await openPastClasses();
    await user.click(within(row("Physics 101")).getByRole("button", { name: "Export" }));
    await user.click(within(row("Physics 101")).getByRole("button", { name: "Markdown" }));
    expect(mocked.exportClass).toHaveBeenCalledWith("s-phys", "markdown", "en");
    expect(await within(row("Physics 101")).findByRole("alert")).toHaveTextContent("read-only file system");
  });

  it("deletes a class only after confirming, and shows what is left", async () => {
    mocked.deleteClass.mockResolvedValueOnce(past([physics]));
    const user = await openPastClasses();
    await user.click(within(row("Chemistry 2")).getByRole("button", { name: "Delete" }));
    let dialog = screen.getByRole("dialog", { name: "Delete “Chemistry 2”?" });
    expect(dialog).toHaveTextContent("The class and its message are removed from this computer. This cannot be undone.");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(mocked.deleteClass).not.toHaveBeenCalled();
    expect(row("Chemistry 2")).toBeInTheDocument();

    await user.click(within(row("Physics 101")).getByRole("button", { name: "Delete" }));
    expect(screen.getByRole("dialog")).toHaveTextContent("The class and its 240 messages are removed from this computer.");
    await user.keyboard("{Escape}");

    await user.click(within(row("Chemistry 2")).getByRole("button", { name: "Delete" }));
    dialog = screen.getByRole("dialog", { name: "Delete “Chemistry 2”?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(mocked.deleteClass).toHaveBeenCalledExactlyOnceWith("s-chem");
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Chemistry 2" })).toBeNull());
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(row("Physics 101")).toBeInTheDocument();
  });

  it("shows a refused delete on its row", async () => {
    mocked.deleteClass.mockRejectedValueOnce({ kind: "invalidInput", message: "This class is open now: end it first." });
    const user = await openPastClasses();
    await user.click(within(row("Physics 101")).getByRole("button", { name: "Delete" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect(await within(row("Physics 101")).findByRole("alert")).toHaveTextContent("This class is open now: end it first.");
  });

  it("sets how long classes are kept", async () => {
    mocked.setRetention.mockResolvedValueOnce(past([physics], 30)).mockResolvedValueOnce(past([physics], null));
    const user = await openPastClasses();
    const keep = screen.getByRole("combobox", { name: "Keep past classes" });
    expect(within(keep).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Forever",
      "7 days",
      "30 days",
      "90 days",
      "1 year",
    ]);
    expect(keep).toHaveValue("forever");
    await user.selectOptions(keep, "30 days");
    expect(mocked.setRetention).toHaveBeenLastCalledWith(30);
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Keep past classes" })).toHaveValue("30"));
    // Applied at once: the list is what is left.
    expect(screen.queryByRole("heading", { name: "Chemistry 2" })).toBeNull();
    await user.selectOptions(screen.getByRole("combobox", { name: "Keep past classes" }), "Forever");
    expect(mocked.setRetention).toHaveBeenLastCalledWith(null);
  });

  it("shows a retention that could not be set next to it", async () => {
    mocked.setRetention.mockRejectedValueOnce({ kind: "io", message: "Cannot save the setting: read-only folder." });
    const user = await openPastClasses();
    await user.selectOptions(screen.getByRole("combobox", { name: "Keep past classes" }), "7 days");
    const keep = screen.getByRole("combobox", { name: "Keep past classes" });
    await waitFor(() => expect(keep).toHaveAccessibleDescription(/Cannot save the setting: read-only folder\./));
    expect(keep).toHaveValue("forever");
  });
});

describe("a damaged class history", () => {
  it("offers Start fresh on the teacher's card, keeping the damaged file, then reads the history again", async () => {
    const user = userEvent.setup();
    mocked.pastClasses.mockRejectedValueOnce(damaged).mockResolvedValue(past([]));
    mocked.startFresh.mockResolvedValueOnce({ kept: "/home/teacher/.local/share/classroom/history.damaged-20260304.sqlite" });
    render(<App />);
    const card = screen.getByRole("region", { name: "Start a class" });
    const prompt = await within(card).findByRole("alert");
    expect(prompt).toHaveTextContent("The class history file is damaged (database disk image is malformed).");
    expect(prompt).toHaveTextContent("the damaged file is kept aside, not deleted");
    expect(within(card).queryByRole("group", { name: "Resume last class" })).toBeNull();
    await user.click(within(prompt).getByRole("button", { name: "Start fresh" }));
    expect(mocked.startFresh).toHaveBeenCalledOnce();
    expect(await within(card).findByRole("status")).toHaveTextContent(
      "Started with an empty class history. The damaged file was kept at /home/teacher/.local/share/classroom/history.damaged-20260304.sqlite.",
    );
    expect(within(card).queryByRole("alert")).toBeNull();
    expect(mocked.pastClasses).toHaveBeenCalledTimes(2);
  });

  it("offers Start fresh when starting a class finds the history damaged", async () => {
    const user = userEvent.setup();
    mocked.hostClass.mockRejectedValueOnce(damaged);
    mocked.pastClasses.mockResolvedValueOnce(past([])).mockRejectedValueOnce(damaged).mockResolvedValue(past([]));
    render(<App />);
    const card = screen.getByRole("region", { name: "Start a class" });
    await user.type(within(card).getByLabelText("Class name"), "Physics 101");
    await user.type(within(card).getByLabelText("Your name"), "Mrs. Núñez");
    await user.click(within(card).getByRole("button", { name: "Start class" }));
    const prompt = await within(card).findByRole("alert");
    expect(prompt).toHaveTextContent("The class history file is damaged");
    expect(within(card).getAllByRole("alert")).toHaveLength(1);
    await user.click(within(prompt).getByRole("button", { name: "Start fresh" }));
    expect(await within(card).findByText("Started with an empty class history.")).toBeInTheDocument();
    await user.click(within(card).getByRole("button", { name: "Start class" }));
    expect(await screen.findByRole("button", { name: "End class" })).toBeInTheDocument();
  });

  it("says why Start fresh failed, and still offers it", async () => {
    const user = userEvent.setup();
    mocked.pastClasses.mockRejectedValue(damaged);
    mocked.startFresh.mockRejectedValueOnce({ kind: "io", message: "Cannot move the damaged file: permission denied." });
    render(<App />);
    const prompt = await screen.findByRole("alert");
    await user.click(within(prompt).getByRole("button", { name: "Start fresh" }));
    expect(await within(prompt).findByText("Could not start fresh: Cannot move the damaged file: permission denied.")).toBeInTheDocument();
    expect(within(prompt).getByRole("button", { name: "Start fresh" })).toBeEnabled();
  });

  it("shows the prompt instead of the list on the Past classes screen, and starts fresh there", async () => {
    const user = userEvent.setup();
    await homeWith([physics]);
    mocked.pastClasses.mockRejectedValue(damaged);
    await user.click(screen.getByRole("button", { name: "Past classes (1)" }));
    const prompt = await screen.findByRole("alert");
    expect(prompt).toHaveTextContent("The class history file is damaged");
    expect(screen.queryByRole("list", { name: "Past classes" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Physics 101" })).toBeNull();

    mocked.startFresh.mockResolvedValueOnce({ kept: null });
    mocked.pastClasses.mockResolvedValue(past([]));
    await user.click(within(prompt).getByRole("button", { name: "Start fresh" }));
    expect(await screen.findByText("No past classes yet.")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Started with an empty class history.");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows the prompt on the Past classes screen when the list turns out damaged there", async () => {
    const user = await openPastClasses();
    mocked.exportClass.mockRejectedValueOnce(damaged);
    await user.click(within(row("Physics 101")).getByRole("button", { name: "Export" }));
    await user.click(within(row("Physics 101")).getByRole("button", { name: "CSV" }));
    const prompt = await screen.findByRole("alert");
    expect(prompt).toHaveTextContent("The class history cannot be read.");
    expect(within(prompt).getByRole("button", { name: "Start fresh" })).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Past classes" })).toBeNull();
  });
});

describe("the hosted class's storage", () => {
  it("warns while messages are not being saved, and stops when saving works again", async () => {
    await startAsTeacher();
    expect(screen.queryByText(/not being saved/)).toBeNull();
    emit(ev.storage({ state: "failing", message: "The disk is full", retry_helps: true }));
    const warning = screen.getByText(/Messages are not being saved/);
    expect(warning.closest('[role="alert"]')).not.toBeNull();
    expect(warning).toHaveTextContent(
      "Messages are not being saved: The disk is full. New messages wait until this is fixed; nothing already sent is lost.",
    );
    emit(ev.storage({ state: "ok" }));
    expect(screen.queryByText(/not being saved/)).toBeNull();
  });

  it("warns at once when the class starts without saving", async () => {
    mocked.hostClass.mockImplementationOnce(async (request) => ({
      session: "s1",
      resumed: false,
      class: request.class,
      teacher: request.teacher,
      code: "482913",
      addresses: ["192.168.1.20:4455"],
      join_link: "ws://192.168.1.20:4455/ws",
      web: false,
      qr: null,
      advertising: { state: "off" },
      storage: { state: "failing", message: "The data folder is read-only.", retry_helps: false },
    }));
    await startAsTeacher();
    expect(screen.getByText(/Messages are not being saved: The data folder is read-only\. New messages wait/)).toBeInTheDocument();
  });
});
