// Dev harness entry: the real App over the fake api, plus URL switches that
// click through the UI so a screenshot can show a given state:
//   ?scene=home|home-empty|home-nomdns|teacher|teacher-blocked|teacher-offline|teacher-empty|teacher-guessing|student|student-empty|student-reconnecting|
//          student-ended|student-removed|join-refused|join-unreachable|home|teacher-edits|student-edits|
//          teacher-reactions|student-reactions|student-reactions-off
//   &pick=1                   pick the first class in the join card's list
//   &open=chat|participants|questions  open the chat popup on that tab
//   &scrolled=up              scroll the message list up (shows the pill once
//                             a message arrives; &more=N sends N)
//   &draft=TEXT               type TEXT into the message box
//   &dialog=remove|remove-offline|end|leave|delete|delete-message  open a confirmation dialog
//   &dialog=rename  open the Rename dialog of the first student (teacher, open=participants)
//   &picker=1                 open the reaction picker of the first message with Add reaction
//                             (delete: the first past class's; delete-message: the first
//                             message that has Delete)
//   &past=1                   open the Past classes screen from Home
//   &export=choose|markdown|csv|json  on it, open the first class's Export
//                             choice (and pick that format)
//   &fresh=1                  click Start fresh (damaged history)
//   &slow=1                   earlier messages never arrive (shows "Loading…")
//   &lang=es                  the UI in that language (pseudo: the pseudo-locale)
//   ?scene=teacher-lecture    300 participants; window.__lecture.load(N) delivers N
//                             messages (5,000 unless told), .push(text) one more
//   &load=N                   in it, load N messages first (before &scrolled)
import "../src/styles/base.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "../src/App";
import { type Locale, rememberLocale } from "../src/i18n";
import { CATALOGUES } from "../src/i18n/catalogues";
import { pseudoCatalogue } from "../src/i18n/pseudo";
import { fakeEmit, fakeIncoming, fakeLectureMessages, fakeOpeningPast } from "./fakeApi";

// &lang=es: start in that language (as if chosen on Home before);
// &lang=pseudo: English replaced by the pseudo-locale (layout checks).
const lang = new URLSearchParams(location.search).get("lang");
if (lang === "en" || lang === "es") rememberLocale(lang satisfies Locale);
if (lang === "pseudo") {
  rememberLocale("en");
  CATALOGUES.en = pseudoCatalogue(CATALOGUES.en);
}

const root = document.getElementById("root");
if (!root) throw new Error("no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

const params = new URLSearchParams(location.search);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `teacher-lecture` scene's controls, for ui/dev/bench-lecture.mjs and the console. */
interface Lecture {
  /** Delivers `count` messages (5,000 unless told), 250 a task with a frame between; resolves once all are in. */
  load(count?: number): Promise<number>;
  /** Delivers one message from a student now (`text`, or a line of the lecture); returns performance.now() just before. */
  push(text?: string): number;
}

declare global {
  interface Window {
    __lecture?: Lecture;
  }
}

if (params.get("scene") === "teacher-lecture") {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  window.__lecture = {
    async load(count = 5_000) {
      const events = fakeLectureMessages(count);
      for (let i = 0; i < events.length; i += 250) {
        events.slice(i, i + 250).forEach(fakeEmit);
        await frame();
      }
      await frame();
      return events.length;
    },
    push(text) {
      const [event] = text === undefined ? fakeLectureMessages(1) : fakeLectureMessages(1, text);
      const at = performance.now();
      if (event) fakeEmit(event);
      return at;
    },
  };
}

function click(selector: string) {
  const el = document.querySelector<HTMLElement>(selector);
  el?.click();
  return el;
}

function byText(selector: string, text: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>(selector)].find((el) => el.textContent?.includes(text));
}

async function steer() {
  await wait(150);
  if (params.has("pick")) document.querySelector<HTMLElement>(".class-option:not(:disabled)")?.click();
  if (params.has("past")) {
    fakeOpeningPast();
    byText(".home-card button", "Past classes")?.click();
    await wait(100);
  }
  const format = params.get("export");
  if (format) {
    byText(".past-class button", "Export")?.click();
    await wait(50);
    if (format !== "choose") byText(".past-class__formats button", format === "markdown" ? "Markdown" : format.toUpperCase())?.click();
    await wait(400);
  }
  if (params.has("fresh")) {
    byText("button", "Start fresh")?.click();
    await wait(100);
  }
  const open = params.get("open");
  if (open) {
    click(".chat-fab");
    await wait(50);
    if (open === "participants") byText('[role="tab"]', "Participants")?.click();
    if (open === "questions") byText('[role="tab"]', "Questions")?.click();
    await wait(50);
  }
  const load = params.get("load");
  if (load) await window.__lecture?.load(Number(load) || undefined);
  const draft = params.get("draft");
  if (draft) {
    const box = document.querySelector<HTMLTextAreaElement>(".composer__input");
    if (box) {
      // React tracks the value; go through the native setter so onChange fires.
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
      setter?.call(box, draft);
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  if (params.get("scrolled") === "up") {
    const scroller = document.querySelector<HTMLElement>(".messages__scroller");
    if (scroller) {
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event("scroll"));
    }
    await wait(50);
    const more = Number(params.get("more") ?? "0");
    for (let i = 1; i <= more; i += 1) fakeIncoming(`New message ${i} while you were reading`);
    await wait(50);
  }
  const dialog = params.get("dialog");
  if (dialog === "remove") byText("button", "Remove")?.click();
  if (dialog === "remove-offline") byText("button", "Remove offline students")?.click();
  if (dialog === "end") byText(".topbar button", "End class")?.click();
  if (dialog === "leave") byText(".topbar button", "Leave")?.click();
  if (dialog === "delete") byText(".past-class button", "Delete")?.click();
  if (dialog === "delete-message") click(".msg__action--delete");
  if (dialog === "rename") click(".person__rename");
  // The picker takes the focus (its first reaction), and keeps it.
  const picker = params.has("picker");
  if (picker) click(".msg__action--react");
  // Blur whatever got focus so screenshots do not depend on it, unless asked.
  if (!params.has("keepfocus") && !dialog && !picker) (document.activeElement as HTMLElement | null)?.blur();
}

void steer();
