// Every screen rendered in the pseudo-locale: any visible text (or label a
// screen reader reads) that did not go through the translator shows up as
// letters outside "[!! … !!]" and fails the test. User content (names,
// messages, the code, addresses), times worded by Intl and text marked with
// its own `lang` are the only text allowed outside.

import { act, fireEvent, render, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { App } from "../App";
import { ada, bo, discovered, entry, ev, participant, past, reacted, summary, teacher } from "../test/fixtures";
import { emit, emitClasses } from "../test/apiMock";
import { PSEUDO_CLOSE, PSEUDO_OPEN } from "./pseudo";

vi.mock("../api", async (original) => (await import("../test/apiMock")).apiMock(await original()));
vi.mock("./catalogues", async (original) => {
  const real = await original<typeof import("./catalogues")>();
  const { pseudoCatalogue } = await import("./pseudo");
  const CATALOGUES = { ...real.CATALOGUES, en: pseudoCatalogue(real.CATALOGUES.en) };
  return { ...real, CATALOGUES, catalogue: (locale: keyof typeof CATALOGUES) => CATALOGUES[locale] };
});

const mocked = vi.mocked(api);

/** Text the users typed or the shell reported: shown as it is, in any language. */
const USER_TEXT = [
  "Mrs. Núñez — Physics 101",
  "Mr. Ortiz — Chemistry 2",
  teacher.name,
  ada.name,
  bo.name,
  "Physics 101",
  "Chemistry 2",
  "Mr. Ortiz",
  "Hello class",
  "Open page 12",
  "Is this on?",
  "482 913",
  "482913",
  "192.168.1.20:4455",
  "10.8.0.2:4455",
  "ws://192.168.1.20:4455/ws",
  "http://192.168.1.20:4455/",
  "eth0 (192.168.1.20)",
  "/home/teacher/.local/share/classroom/classroom.db",
  "/home/teacher/.local/share/classroom",
  "file is not a database",
  "Classroom",
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What is left of `value` once translated parts and user text are taken out. */
function untranslated(value: string): string {
  let rest = value;
  const inner = new RegExp(`${escape(PSEUDO_OPEN)}((?:(?!${escape(PSEUDO_OPEN)}).)*?)${escape(PSEUDO_CLOSE)}`, "gsu");
  for (let i = 0; i < 5 && rest.includes(PSEUDO_OPEN); i += 1) rest = rest.replace(inner, " ");
  for (const user of [...USER_TEXT].sort((a, b) => b.length - a.length)) rest = rest.split(user).join(" ");
  return rest;
}

/** Every visible text and accessible label on the page that was not translated. */
function leaks(): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = new Map<Element, string>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script,style,svg path")) continue;
    // Dates and times are worded by Intl, not the catalogue; text marked as
    // another language (each language named in itself) is meant to stay so.
    if (parent.closest("time") || parent.closest("[lang]:not(html)")) continue;
    // A participant's initial is their name's.
    if (parent.closest(".person__avatar")) continue;
    texts.set(parent, (texts.get(parent) ?? "") + (node.textContent ?? ""));
  }
  for (const [element, value] of texts) {
    if (/\p{L}/u.test(untranslated(value))) found.push(`<${element.tagName.toLowerCase()}> ${value.trim()}`);
  }
  for (const element of document.body.querySelectorAll("*")) {
    for (const attribute of ["aria-label", "title", "placeholder", "alt", "aria-valuetext"]) {
      const value = element.getAttribute(attribute);
      if (value && /\p{L}/u.test(untranslated(value))) found.push(`${attribute}="${value}"`);
    }
  }
  return found;
}

function click(selector: string) {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`nothing matches ${selector}`);
  fireEvent.click(element);
}

beforeEach(() => {
  vi.resetAllMocks();
});

describe("every screen in the pseudo-locale", () => {
  it("Home, with classes found on the network and recent classes", async () => {
    mocked.recentClasses.mockResolvedValue([{ class: "Chemistry 2", teacher: "Mr. Ortiz", address: "10.8.0.2:4455" }]);
    mocked.pastClasses.mockResolvedValue(past([summary("s-phys"), summary("s-chem", { class: "Chemistry 2", teacher: "Mr. Ortiz", ended_at: null })]));
    render(<App />);
    await waitFor(() => expect(document.querySelector(".home")).not.toBeNull());
    emitClasses({
      kind: "snapshot",
      data: [
        discovered("Mrs. Núñez — Physics 101"),
        discovered("Mr. Ortiz — Chemistry 2", { code_required: false, compatibility: "needs_newer_app" }),
      ],
    });
    await act(async () => {});
    expect(leaks()).toEqual([]);
  });

  it("Past classes", async () => {
    mocked.pastClasses.mockResolvedValue(
      past([summary("s-phys"), summary("s-chem", { class: "Chemistry 2", teacher: "Mr. Ortiz", ended_at: null })]),
    );
    render(<App />);
    await waitFor(() => expect(document.querySelector(".home-card__past")).not.toBeNull());
    click(".home-card__past");
    await waitFor(() => expect(document.querySelectorAll("li.past-class").length).toBe(2));
    expect(leaks()).toEqual([]);
  });

  it("Home with a damaged class history (Start fresh)", async () => {
    mocked.pastClasses.mockRejectedValue({
      kind: "damaged",
      message: "The class history is damaged.",
      code: "historyDamaged",
      params: { file: "/home/teacher/.local/share/classroom/classroom.db", detail: "file is not a database" },
    });
    render(<App />);
    await waitFor(() => expect(document.body.textContent).toContain("classroom.db"));
    expect(leaks()).toEqual([]);
  });

  it("the teacher's class, its chat and participants, a storage warning and a notice", async () => {
    mocked.startup.mockResolvedValueOnce({ host: { class: "Physics 101", teacher: teacher.name }, join: null });
    render(<App />);
    await waitFor(() => expect(document.querySelector(".join-panel")).not.toBeNull());
    emit(
      ev.connecting(),
      ev.connected(),
      ev.welcome(teacher),
      ev.roster(participant(teacher), participant(ada), participant(bo, false)),
      ev.message(entry(1, ada, "Is this on?")),
      ev.storage({ state: "failing", message: "No space left on device", retry_helps: true }),
      ev.refused(null, "forbidden", "Only the teacher can do that."),
      ev.room({ slow: 10, hands: [{ id: "p_3", at: new Date(Date.now() - 120_000).toISOString() }], muted: ["p_2"] }),
      ev.handRaised("p_2"),
    );
    expect(leaks()).toEqual([]);
    click(".chat-fab");
    emit(ev.typing("p_2", true), ev.queued("c-1", "Hello class"), ev.gap(2, 4));
    expect(leaks()).toEqual([]);
    const tabs = document.querySelectorAll<HTMLElement>("[role=tab]");
    fireEvent.click(tabs[1]!);
    expect(leaks()).toEqual([]);
  });

  it("a pinned message, a removed one, a message's buttons and the Delete confirmation", async () => {
    mocked.startup.mockResolvedValueOnce({ host: { class: "Physics 101", teacher: teacher.name }, join: null });
    render(<App />);
    await waitFor(() => expect(document.querySelector(".join-panel")).not.toBeNull());
    emit(
      ev.connecting(),
      ev.connected(),
      ev.welcome(teacher),
      ev.roster(participant(teacher), participant(ada), participant(bo)),
      ev.message(entry(1, ada, "Is this on?")),
      ev.message(entry(2, bo, "Hello class")),
      ev.message(entry(3, teacher, "Open page 12")),
      ev.pinned(entry(3, teacher, "Open page 12")),
      ev.messageDeleted(2),
      ev.refused(null, "delete_expired", "Too late."),
    );
    click(".chat-fab");
    expect(document.querySelector(".pin-bar")).not.toBeNull();
    expect(document.querySelector(".msg__removed")).not.toBeNull();
    expect(leaks()).toEqual([]);
    click(".msg__action--delete");
    expect(document.querySelector("[role=dialog]")).not.toBeNull();
    expect(leaks()).toEqual([]);
  });

  it("reactions: chips, the picker, read-only chips and the teacher's switch", async () => {
    mocked.startup.mockResolvedValueOnce({ host: { class: "Physics 101", teacher: teacher.name }, join: null });
    render(<App />);
    await waitFor(() => expect(document.querySelector(".join-panel")).not.toBeNull());
    emit(
      ev.connecting(),
      ev.connected(),
      ev.welcome(teacher),
      ev.roster(participant(teacher), participant(ada), participant(bo)),
      ev.room(),
      ev.myReactions([1, "👍"]),
      ev.message(reacted(entry(1, ada, "Is this on?"), { "👍": 2, "❓": 1 })),
      ev.message(entry(2, teacher, "Open page 12")),
      ev.refused(null, "reactions_off", "Reactions are turned off."),
    );
    click(".chat-fab");
    expect(document.querySelectorAll("button.reaction-chip").length).toBe(2);
    click(".msg__action--react");
    expect(document.querySelector(".reaction-picker")).not.toBeNull();
    expect(leaks()).toEqual([]);
    emit(ev.rules(false, 0, false, true));
    expect(document.querySelectorAll(".reaction-chip--static").length).toBe(2);
    expect(leaks()).toEqual([]);
    const tabs = document.querySelectorAll<HTMLElement>("[role=tab]");
    fireEvent.click(tabs[1]!);
    expect(document.querySelector(".room-rules__reactions")).not.toBeNull();
    expect(leaks()).toEqual([]);
  });

  it("a student's class, a refused message, then the class closed", async () => {
    mocked.startup.mockResolvedValueOnce({
      host: null,
      join: { address: "192.168.1.20:4455", name: "Ada", code: "482913" },
    });
    render(<App />);
    await waitFor(() => expect(mocked.joinClass).toHaveBeenCalled());
    emit(ev.connecting(), ev.reconnecting(2));
    expect(leaks()).toEqual([]);
    emit(ev.connected(), ev.welcome(ada), ev.roster(participant(teacher), participant(ada)));
    emit(ev.message(entry(1, teacher, "Open page 12")));
    click(".chat-fab");
    emit(ev.queued("c-2", "Hello class"), ev.refused("c-2", "rate_limited", "You are sending too fast."));
    expect(leaks()).toEqual([]);
    emit(ev.rules(false, 10), ev.handRaised("p_2"), ev.queued("c-3", "Hello class"), ev.acked("c-3", 3));
    expect(leaks()).toEqual([]);
    emit(ev.muted("p_2"), ev.queued("c-4", "Is this on?"), ev.refused("c-4", "muted", "You are muted."));
    expect(leaks()).toEqual([]);
    emit(ev.muted("p_2", false), ev.rules(true));
    expect(leaks()).toEqual([]);
    emit(ev.closed("ended"));
    expect(leaks()).toEqual([]);
  });
});
