#!/usr/bin/env node
// The student's web page on a phone and a tablet, in a real browser against
// a real hub: screenshots and checks.
//
//   npm run build:web && node ui/web/check-mobile.mjs
//
// For each of phone (360×640, touch) and tablet (768×1024, touch), in light
// and dark: starts a hub (`classroom host --no-mdns --no-store`, the debug
// build at target/debug/classroom or $CLASSROOM_BIN) with a teacher in the
// terminal client and a second student in another page, then opens the
// hub's page as a student and goes through it: the join form, the class,
// the chat (a few messages, from others too), the message box with the
// on-screen keyboard up (simulated: a shorter viewport), Participants,
// Questions, and an open poll in the chat and on the class screen, its
// question in the first screenful. On every screen:
//   - axe-core's WCAG 2.1 A and AA rules: no violation;
//   - every visible control (buttons, links, fields, tabs, checkboxes) at
//     least 44×44 CSS px;
//   - text fields at 16 px at least (iOS zooms the page in on smaller);
//   - no horizontal scrolling;
//   - on the phone, the chat fills the screen; with the keyboard up, the
//     message box and Send stay fully in view.
// Screenshots go to artifacts/web/<device>-<scheme>-<screen>.png. Exits 1
// listing every failure (2 when it cannot run); the hubs and the browser
// are stopped in any case. Uses Debian's chromium (/usr/bin/chromium, or
// $CHROMIUM); it never downloads a browser and builds nothing.

// The browser's globals, in the functions run in the page (the lint config
// gives ui/web/*.mjs Node's).
/* global window, document, getComputedStyle, requestAnimationFrame */

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIST = join(ROOT, "ui", "dist-web");
const BIN = process.env.CLASSROOM_BIN ?? join(ROOT, "target", "debug", "classroom");
const BROWSER = process.env.CHROMIUM ?? "/usr/bin/chromium";
const OUT = join(ROOT, "artifacts", "web");
const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");

const CODE = "482913";
const CLASS = "Physics 2B";
const TEACHER = "Ms Rivera";
const MIN_TARGET = 44;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const DEVICES = [
  // The keyboard takes about half a phone's screen and a third of a tablet's.
  { name: "phone", width: 360, height: 640, keyboardHeight: 340, phone: true },
  { name: "tablet", width: 768, height: 1024, keyboardHeight: 620, phone: false },
];
const SCHEMES = ["light", "dark"];

/** Everything to stop at the end, last started first. */
const cleanups = [];
/** The processes started, killed on the way out whatever happens. */
const children = new Set();
const failures = [];

function fail(where, what) {
  failures.push(`${where}: ${what}`);
  console.log(`  FAIL ${what}`);
}

// ---------------------------------------------------------------------------
// Processes: the hub and the teacher's terminal client

/** Starts a child process and stops it (TERM, then KILL) at cleanup. */
function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...options });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  const listeners = new Set();
  const onData = (chunk) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding("utf8").on("data", onData);
  child.stderr.setEncoding("utf8").on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.on("error", (err) => {
    output += `\n${err.message}`;
    for (const listener of listeners) listener();
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killed = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(killed);
  };
  cleanups.push(stop);
  /** Resolves with the match once the output matches `pattern`. */
  const waitFor = (pattern, ms, what) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) {
          done();
          resolve(match);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`${what}: the process exited\n${output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what}: nothing after ${ms} ms\n${output}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      child.once("exit", check);
      check();
    });
  return { child, stop, waitFor, output: () => output };
}

/** A hub for one run, with the teacher joined from the terminal client. */
async function startClass() {
  const dir = await mkdtemp(join(tmpdir(), "classroom-check-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, "host-token");
  const hub = start(BIN, [
    "host",
    "--no-mdns",
    "--no-store",
    "--bind",
    "127.0.0.1:0",
    "--class",
    CLASS,
    "--teacher",
    TEACHER,
    "--code",
    CODE,
    "--token-file",
    tokenFile,
    // Every page comes from 127.0.0.1.
    "--max-per-address",
    "20",
  ]);
  const [, port] = await hub.waitFor(/listening on 127\.0\.0\.1:(\d+)/, 20000, "starting the hub");
  await hub.waitFor(/host token: written/, 10000, "the hub's host token");
  const origin = `http://127.0.0.1:${port}`;
  const page = await fetch(`${origin}/`);
  const body = await page.text();
  if (!page.ok || !/<div id="root">/.test(body)) {
    // rust-embed takes ui/dist-web in when the binary is compiled.
    throw new Error(
      `GET ${origin}/ answered ${page.status}: ${body.slice(0, 200)}\n` +
        "build the web client first (npm run build:web), then the binary (cargo build -p classroom-cli)",
    );
  }
  const teacher = start(BIN, ["join", `127.0.0.1:${port}`, "--token-file", tokenFile]);
  await teacher.waitFor(/\* joined/, 10000, "the teacher joining");
  const say = async (line) => {
    teacher.child.stdin.write(`${line}\n`);
  };
  return {
    origin,
    say,
    async stop() {
      teacher.child.stdin.end();
      await teacher.stop();
      await hub.stop();
    },
  };
}

// ---------------------------------------------------------------------------
// Checks in the page

/** How many visible controls there are, and those smaller than `min` CSS px either way. */
function smallTargets(min) {
  const selector = [
    "a[href]",
    "button",
    "input:not([type=hidden])",
    "select",
    "textarea",
    "summary",
    "[role=button]",
    "[role=link]",
    "[role=tab]",
    "[role=checkbox]",
    "[role=radio]",
    "[role=switch]",
    "[role=menuitem]",
    "[role=option]",
    "[tabindex]:not([tabindex='-1'])",
  ].join(",");
  const width = window.innerWidth;
  const height = window.innerHeight;
  // A panel over the whole screen (the chat on a phone) hides everything else.
  const panel = document.querySelector(".chat-panel");
  const box = panel?.getBoundingClientRect();
  const covering = box && box.left <= 0 && box.top <= 0 && box.right >= width && box.bottom >= height;
  const small = [];
  let checked = 0;
  for (const control of document.querySelectorAll(selector)) {
    if (!control.checkVisibility({ visibilityProperty: true })) continue;
    if (covering && !panel.contains(control)) continue;
    // A checkbox or radio button inside its label: the label is the target.
    const label = control.matches("input[type=checkbox], input[type=radio]") ? control.closest("label") : null;
    const target = label ?? control;
    const rect = target.getBoundingClientRect();
    // Not laid out, or visually hidden (the 1 px screen reader text).
    if (rect.width <= 1 || rect.height <= 1) continue;
    // Under something else (a dialog's backdrop, the chat panel).
    const x = Math.min(Math.max(rect.left + rect.width / 2, 0), width - 1);
    const y = Math.min(Math.max(rect.top + rect.height / 2, 0), height - 1);
    const onScreen = rect.right > 0 && rect.bottom > 0 && rect.left < width && rect.top < height;
    if (onScreen) {
      const hit = document.elementFromPoint(x, y);
      if (hit && !target.contains(hit) && !hit.contains(target) && !hit.closest("label")?.contains(control)) continue;
    }
    checked += 1;
    if (rect.width < min - 0.5 || rect.height < min - 0.5) {
      const name = (control.getAttribute("aria-label") ?? control.textContent ?? control.getAttribute("placeholder") ?? "")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 40);
      const classes = [...control.classList].map((c) => `.${c}`).join("");
      const role = control.getAttribute("role");
      small.push(
        `${control.tagName.toLowerCase()}${classes}${role ? `[role=${role}]` : ""}${name ? ` "${name}"` : ""}: ` +
          `${Math.round(rect.width * 10) / 10}×${Math.round(rect.height * 10) / 10}`,
      );
    }
  }
  return { checked, small };
}

/** The visible text fields whose text is smaller than 16 px: iOS zooms the page in on them. */
function smallFieldText() {
  const small = [];
  for (const field of document.querySelectorAll("input:not([type=checkbox], [type=radio], [type=hidden]), textarea, select")) {
    if (!field.checkVisibility({ visibilityProperty: true })) continue;
    const size = parseFloat(getComputedStyle(field).fontSize);
    if (size < 16) small.push(`${field.tagName.toLowerCase()}${[...field.classList].map((c) => `.${c}`).join("")}: ${size} px`);
  }
  return small;
}

/** How far the page scrolls sideways (0: not at all). */
function sidewaysScroll() {
  return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth;
}

/** The rectangle of the first element matching `selector`, or null. */
function rectOf(selector) {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
}

let axeSource = null;

async function runAxe(page) {
  axeSource ??= await readFile(AXE, "utf8");
  // Through the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  return page.evaluate(
    async (tags) => {
      const results = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"], restoreScroll: true });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1).join(" ").trim()})` : ""}`),
        count: v.nodes.length,
      }));
    },
    AXE_TAGS,
  );
}

/** Lets layout, the page's timers and a tap's highlight (about 100 ms) settle. */
async function settle(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 150)))),
  );
}

/** Screenshot, axe, target sizes and sideways scrolling for one screen. */
async function checkScreen(page, run, screen, extra, { fullPage = false } = {}) {
  const where = `${run.label} ${screen}`;
  const before = failures.length;
  console.log(where);
  await settle(page);
  const file = join(OUT, `${run.label.replace(" ", "-")}-${screen}.png`);
  await page.screenshot({ path: file, fullPage });
  const violations = await runAxe(page);
  for (const v of violations) {
    fail(where, `axe ${v.id} (${v.impact}): ${v.help}; ${v.count} node(s): ${v.nodes.join("; ")}`);
  }
  const targets = await page.evaluate(smallTargets, MIN_TARGET);
  for (const small of targets.small) {
    fail(where, `target smaller than ${MIN_TARGET}×${MIN_TARGET}: ${small}`);
  }
  for (const small of await page.evaluate(smallFieldText)) {
    fail(where, `text field under 16 px (iOS zooms in on it): ${small}`);
  }
  const sideways = await page.evaluate(sidewaysScroll);
  if (sideways > 0) fail(where, `the page scrolls sideways by ${sideways} px`);
  if (extra) await extra(where);
  if (failures.length === before) {
    console.log(`  ok: axe ${violations.length} violations, ${targets.checked} controls ≥ ${MIN_TARGET} px${extra ? ", layout" : ""}`);
  }
}

async function expectFullScreenChat(page, where) {
  const panel = await page.evaluate(rectOf, ".chat-panel");
  const { width, height } = page.viewportSize();
  if (!panel) return fail(where, "no chat panel");
  const off = Math.max(Math.abs(panel.left), Math.abs(panel.top), Math.abs(panel.right - width), Math.abs(panel.bottom - height));
  if (off > 1) {
    fail(where, `the chat does not fill the ${width}×${height} screen: ` +
      `${Math.round(panel.left)},${Math.round(panel.top)} to ${Math.round(panel.right)},${Math.round(panel.bottom)}`);
  }
}

async function expectInView(page, where, selector, what, visible = page.viewportSize()) {
  const rect = await page.evaluate(rectOf, selector);
  const { width, height } = visible;
  if (!rect) return fail(where, `no ${what}`);
  if (rect.top < 0 || rect.left < 0 || rect.bottom > height + 0.5 || rect.right > width + 0.5) {
    fail(where, `${what} not fully in view in ${width}×${height}: ` +
      `${Math.round(rect.left)},${Math.round(rect.top)} to ${Math.round(rect.right)},${Math.round(rect.bottom)}`);
  }
}

// ---------------------------------------------------------------------------
// One run: a device in a colour scheme

/** Joins `page` as `name`, from the join form. */
async function joinAs(page, origin, name) {
  await page.goto(`${origin}/`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Class code").fill(CODE);
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await page.getByRole("button", { name: "Leave" }).waitFor();
}

/** Sends `text` from the open chat (Enter, or tapping Send) and waits until the hub has it. */
async function post(page, text, { tap = false } = {}) {
  const box = page.locator(".composer__input");
  await box.fill(text);
  if (tap) await page.locator(".composer__send").tap();
  else await box.press("Enter");
  await page.locator(".msg--mine", { hasText: text }).waitFor();
  await page.locator(".msg--sending").waitFor({ state: "detached" });
}

async function run(browser, device, scheme) {
  const label = `${device.name} ${scheme}`;
  const runInfo = { label };
  const started = Date.now();
  const hub = await startClass();
  const contexts = [];
  try {
    const options = { locale: "en-US", colorScheme: scheme, reducedMotion: "reduce" };
    await hub.say(`Good morning! Today: Newton's second law, F = m·a. Questions welcome.`);

    // Another student, in a page of their own.
    const other = await browser.newContext({ ...options, viewport: { width: 1000, height: 700 } });
    contexts.push(other);
    const bo = await other.newPage();
    await joinAs(bo, hub.origin, "Bo Chen");
    await bo.getByRole("button", { name: /^Open chat/ }).click();
    await post(bo, "Is the homework due on Friday?");

    const context = await browser.newContext({
      ...options,
      viewport: { width: device.width, height: device.height },
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });

    await page.goto(`${hub.origin}/`);
    await page.getByLabel("Your name").waitFor();
    // The page screens whole, the chat as it shows.
    await checkScreen(page, runInfo, "join", undefined, { fullPage: true });

    await page.getByLabel("Your name").fill("Ada Lovelace");
    await page.getByLabel("Class code").fill(CODE);
    await page.getByRole("button", { name: "Join", exact: true }).tap();
    await page.getByRole("button", { name: "Leave" }).waitFor();
    await hub.say("Yes, Friday. Let's start with a question for everyone.");
    await page.getByRole("button", { name: /^Open chat, \d+ unread/ }).waitFor();
    await checkScreen(page, runInfo, "class", undefined, { fullPage: true });

    await page.getByRole("button", { name: /^Open chat/ }).tap();
    await page.locator(".chat-panel").waitFor();
    await post(page, "Hi everyone!");
    await post(page, "Does F = m·a hold in every frame of reference, or only in inertial ones?", { tap: true });
    await hub.say("Only in inertial frames, good question Ada.");
    await page.locator(".msg--other", { hasText: "inertial frames" }).waitFor();
    const fullScreen = device.phone ? (where) => expectFullScreenChat(page, where) : undefined;
    await checkScreen(page, runInfo, "chat", fullScreen);

    // The on-screen keyboard, as a shorter viewport with the box focused.
    await page.locator(".composer__input").focus();
    await page.locator(".composer__input").fill("With the keyboard up, the box stays");
    await page.setViewportSize({ width: device.width, height: device.keyboardHeight });
    await checkScreen(page, runInfo, "keyboard", async (where) => {
      await expectInView(page, where, ".composer__input", "the message box");
      await expectInView(page, where, ".composer__send", "the Send button");
      if (device.phone) await expectFullScreenChat(page, where);
      const focused = await page.evaluate(() => document.activeElement?.classList.contains("composer__input"));
      if (!focused) fail(where, "the message box lost the focus");
    });
    await page.setViewportSize({ width: device.width, height: device.height });
    // The page's own update for the new size first (it comes in a frame).
    await settle(page);

    // iOS: the keyboard covers the page instead (interactive-widget is
    // ignored), and ui/src/visualViewport.ts passes what it hides on in CSS
    // variables. Set them as iOS would: the box must keep above the keyboard.
    await page.evaluate(
      ([visible, hidden]) => {
        const style = document.documentElement.style;
        style.setProperty("--visible-top", "0px");
        style.setProperty("--visible-height", `${visible}px`);
        style.setProperty("--visible-bottom", `${hidden}px`);
      },
      [device.keyboardHeight, device.height - device.keyboardHeight],
    );
    await settle(page);
    {
      const where = `${label} keyboard (iOS)`;
      console.log(where);
      const viewport = { width: device.width, height: device.keyboardHeight };
      await expectInView(page, where, ".composer__input", "the message box", viewport);
      await expectInView(page, where, ".composer__send", "the Send button", viewport);
      if (!failures.some((f) => f.startsWith(where))) console.log("  ok: the message box and Send above the keyboard");
    }
    await page.evaluate((height) => {
      const style = document.documentElement.style;
      style.setProperty("--visible-height", `${height}px`);
      style.setProperty("--visible-bottom", "0px");
    }, device.height);
    await page.locator(".composer__input").fill("");

    await page.getByRole("tab", { name: /^Participants/ }).tap();
    await page.locator(".people__list").waitFor();
    await checkScreen(page, runInfo, "participants", fullScreen);

    await page.getByRole("tab", { name: /^Questions/ }).tap();
    await checkScreen(page, runInfo, "questions", fullScreen);

    await page.getByRole("tab", { name: /^Chat/ }).tap();
    await hub.say("/poll single Which unit measures force? | Joule | *Newton | Watt");
    await page.locator(".chat-panel__poll").waitFor();
    await checkScreen(page, runInfo, "poll", fullScreen);

    await page.getByRole("button", { name: "Close chat" }).first().tap();
    await page.locator(".chat-panel").waitFor({ state: "detached" });
    {
      // The poll is what the student must see first: its question in the
      // first screenful, not below the welcome.
      const where = `${label} class-poll`;
      await page.evaluate(() => window.scrollTo(0, 0));
      await settle(page);
      await expectInView(page, where, ".poll--student .poll__question", "the poll's question");
      if (!failures.some((f) => f.startsWith(where))) console.log("  ok: the poll's question in the first screenful");
    }
    await checkScreen(page, runInfo, "class-poll", undefined, { fullPage: true });

    for (const error of errors) fail(label, `page error: ${error}`);
  } catch (err) {
    fail(label, `could not go through the screens: ${err.message.split("\n").slice(0, 6).join(" | ")}`);
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await hub.stop();
  }
  console.log(`  (${label}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------------------

async function cleanup() {
  while (cleanups.length > 0) {
    const stop = cleanups.pop();
    await stop().catch(() => {});
  }
}

async function main() {
  if (!existsSync(join(DIST, "index.html"))) {
    console.error("ui/dist-web/index.html is missing: run `npm run build:web` first.");
    return 2;
  }
  if (!existsSync(BIN)) {
    console.error(`${BIN} is missing: build it (cargo build -p classroom-cli) or set CLASSROOM_BIN.`);
    return 2;
  }
  if (!existsSync(BROWSER)) {
    console.error(`${BROWSER} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM.`);
    return 2;
  }
  await mkdir(OUT, { recursive: true });
  const started = Date.now();
  // Our own handlers stop the hubs too (below), and the browser with them.
  const browser = await chromium.launch({
    executablePath: BROWSER,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push(() => browser.close());
  for (const device of DEVICES) {
    for (const scheme of SCHEMES) await run(browser, device, scheme);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nScreenshots in ${OUT} (${seconds} s).`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} failure(s):`);
    for (const failure of failures) console.log(`  - ${failure}`);
    return 1;
  }
  console.log("All screens pass: axe WCAG 2.1 A/AA, 44 px targets, no sideways scrolling, full-screen chat, keyboard.");
  return 0;
}

// Whatever else goes wrong, no hub outlives the script.
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    stopping = true;
    console.error(`\n${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

let code = 2;
try {
  code = await main();
} catch (err) {
  if (!stopping) console.error(`Could not run: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await cleanup();
}
process.exit(code);
