#!/usr/bin/env node
// A long lecture in the browser (issue 14): the dev harness's
// `teacher-lecture` scene (300 participants; see ui/dev/lecture.ts), built
// for production (React's production build, as in the app) and served by
// `vite preview`, in Debian's headless chromium with the CPU slowed 4× over
// the DevTools protocol (Emulation.setCPUThrottlingRate), as a phone or a
// cheap Chromebook would run it. It prints numbers; it is not a test.
//
//   node ui/dev/bench-lecture.mjs [--messages 5000] [--switches 7] [--pushes 20] [--rate 4]
//
// What it measures, with the chat open on a 1000×700 window:
//   - the JS heap (after a forced GC) and the DOM node count before and after
//     5,000 messages come in (Performance.getMetrics, Memory.getDOMCounters),
//     and the renderer process's resident memory (/proc/PID/status);
//   - the nodes in the chat panel's message list;
//   - switching tabs: a click on the tab, to the end of the next frame
//     (requestAnimationFrame, then a task, so layout and paint are in);
//   - a new message: from the moment the fake api hands the event to the app
//     to the next animation frame after the DOM shows it (and to the end of
//     that frame), the reader at the bottom; whether it was then in view.
// Needs chromium (apt-get install chromium); never downloads a browser.

/* global document, window, requestAnimationFrame, MutationObserver, Element -- in page.evaluate */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { build, preview } from "vite";

const { values: args } = parseArgs({
  options: {
    messages: { type: "string", default: "5000" },
    switches: { type: "string", default: "7" },
    pushes: { type: "string", default: "20" },
    rate: { type: "string", default: "4" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
const MESSAGES = Number(args.messages);
const SWITCHES = Number(args.switches);
const PUSHES = Number(args.pushes);
const RATE = Number(args.rate);

const configFile = fileURLToPath(new URL("./vite.config.ts", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "classroom-bench-lecture-"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x === null || x === undefined ? "—" : `${x.toFixed(1)} ms`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Resident memory of the renderer processes (kB), from /proc: the page's is the largest. */
async function rendererRss(browser) {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await session.send("SystemInfo.getProcessInfo");
    const sizes = processInfo
      .filter((p) => p.type === "renderer")
      .map((p) => {
        try {
          const status = readFileSync(`/proc/${p.id}/status`, "utf8");
          return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        } catch {
          return 0;
        }
      });
    return sizes.length > 0 ? Math.max(...sizes) * 1024 : null;
  } catch {
    return null;
  } finally {
    await session.detach();
  }
}

async function snapshot(cdp, page, browser) {
  await cdp.send("HeapProfiler.collectGarbage");
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const counters = await cdp.send("Memory.getDOMCounters");
  const chatNodes = await page.evaluate(() => {
    const list = document.querySelector(".messages");
    return list ? list.getElementsByTagName("*").length + 1 : 0;
  });
  const rosterNodes = await page.evaluate(() => {
    const list = document.querySelector(".people");
    return list ? list.getElementsByTagName("*").length + 1 : null;
  });
  return {
    heap: metric("JSHeapUsedSize"),
    nodes: counters.nodes,
    listeners: counters.jsEventListeners,
    chatNodes,
    rosterNodes,
    rss: await rendererRss(browser),
  };
}

/** In the page: click the tab whose label starts with `name`, resolve with ms to the end of the next frame. */
function switchTab(name) {
  const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.startsWith(name));
  if (!tab) throw new Error(`no ${name} tab`);
  return new Promise((resolve) => {
    const start = performance.now();
    tab.click();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - start);
      channel.port2.postMessage(null);
    });
  });
}

/** In the page: deliver a message with `text`, and time it to the DOM, to the next frame, to that frame's end. */
function pushMessage(text) {
  return new Promise((resolve, reject) => {
    let start = 0;
    let dom = 0;
    const timeout = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`"${text}" never showed`));
    }, 10_000);
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element) || !node.textContent?.includes(text)) continue;
          dom = performance.now();
          observer.disconnect();
          requestAnimationFrame(() => {
            const frame = performance.now();
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              const painted = performance.now();
              clearTimeout(timeout);
              const scroller = document.querySelector(".messages__scroller").getBoundingClientRect();
              const line = node.getBoundingClientRect();
              const visible = line.height > 0 && line.top >= scroller.top - 1 && line.bottom <= scroller.bottom + 1;
              resolve({ dom: dom - start, frame: frame - start, painted: painted - start, visible });
            };
            channel.port2.postMessage(null);
          });
          return;
        }
      }
    });
    observer.observe(document.querySelector(".messages"), { childList: true, subtree: true });
    start = window.__lecture.push(text);
  });
}

let server;
let browser;
try {
  process.stdout.write("building the harness… ");
  await build({ configFile, logLevel: "error", build: { outDir, emptyOutDir: true } });
  server = await preview({ configFile, logLevel: "error", build: { outDir }, preview: { port: 4317, strictPort: false, host: "127.0.0.1" } });
  const base = server.resolvedUrls?.local[0] ?? "http://127.0.0.1:4317/";
  console.log(`served at ${base}`);

  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ["--no-sandbox", "--js-flags=--expose-gc"],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${base}?scene=teacher-lecture`);
  // The class started (its roster in), then the chat opened on the Chat tab.
  await page.waitForSelector(".chat-fab");
  await page.waitForFunction(() => window.__lecture !== undefined);
  await page.click(".chat-fab");
  await page.waitForSelector(".messages__scroller");
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[role="tab"]')].some((t) => t.textContent === "Participants (300)"),
  );
  await page.waitForTimeout(500);
  const participants = "Participants (300)";
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  console.log(`chromium ${browser.version()}, CPU throttled ${RATE}×, ${participants}`);

  const before = await snapshot(cdp, page, browser);
  const loadStart = Date.now();
  const loaded = await page.evaluate((n) => window.__lecture.load(n), MESSAGES);
  const loadMs = Date.now() - loadStart;
  await page.waitForTimeout(500);
  const after = await snapshot(cdp, page, browser);

  // Tab switches: Participants, then back to Chat (the case), each timed.
  const toChat = [];
  const toPeople = [];
  for (let i = 0; i < SWITCHES + 1; i += 1) {
    const p = await page.evaluate(switchTab, "Participants");
    await page.waitForTimeout(300);
    const c = await page.evaluate(switchTab, "Chat");
    await page.waitForTimeout(300);
    // The first round warms up (code paths compiled, fonts, styles).
    if (i > 0) {
      toPeople.push(p);
      toChat.push(c);
    }
  }
  const roster = await page.evaluate(async () => {
    const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.startsWith("Participants"));
    tab.click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const people = document.querySelector(".people");
    const count = people ? people.getElementsByTagName("*").length + 1 : 0;
    [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.startsWith("Chat")).click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return count;
  });

  // New messages, the reader at the bottom.
  const pushes = [];
  for (let i = 0; i < PUSHES; i += 1) {
    pushes.push(await page.evaluate(pushMessage, `Bench line ${i + 1}: a new message arrives while the class reads.`));
    await page.waitForTimeout(250);
  }
  const chatNodesEnd = await page.evaluate(() => document.querySelector(".messages").getElementsByTagName("*").length + 1);

  console.log("");
  console.log(`messages delivered: ${loaded} (in ${loadMs} ms, 250 a task)`);
  console.log("");
  console.log("| | before the messages | after them | growth |");
  console.log("| --- | ---: | ---: | ---: |");
  console.log(`| JS heap (after GC) | ${mb(before.heap)} | ${mb(after.heap)} | ${mb(after.heap - before.heap)} |`);
  if (before.rss !== null && after.rss !== null) {
    console.log(`| renderer resident memory | ${mb(before.rss)} | ${mb(after.rss)} | ${mb(after.rss - before.rss)} |`);
  }
  console.log(`| DOM nodes (document) | ${before.nodes} | ${after.nodes} | ${after.nodes - before.nodes} |`);
  console.log(`| DOM nodes in the chat's message list | ${before.chatNodes} | ${after.chatNodes} | ${after.chatNodes - before.chatNodes} |`);
  console.log(`| JS event listeners | ${before.listeners} | ${after.listeners} | ${after.listeners - before.listeners} |`);
  console.log("");
  console.log(`DOM nodes in the Participants tab's roster: ${roster}`);
  console.log(`DOM nodes in the message list after ${PUSHES} more messages: ${chatNodesEnd}`);
  console.log("");
  const frames = pushes.map((p) => p.frame);
  console.log("| | median | max | all |");
  console.log("| --- | ---: | ---: | --- |");
  console.log(`| tab switch Participants → Chat | ${ms(median(toChat))} | ${ms(Math.max(...toChat))} | ${toChat.map((x) => x.toFixed(0)).join(", ")} |`);
  console.log(`| tab switch Chat → Participants | ${ms(median(toPeople))} | ${ms(Math.max(...toPeople))} | ${toPeople.map((x) => x.toFixed(0)).join(", ")} |`);
  console.log(`| new message: delivered → in the DOM | ${ms(median(pushes.map((p) => p.dom)))} | ${ms(Math.max(...pushes.map((p) => p.dom)))} | |`);
  console.log(`| new message: delivered → next frame after the DOM has it | ${ms(median(frames))} | ${ms(Math.max(...frames))} | ${frames.map((x) => x.toFixed(0)).join(", ")} |`);
  console.log(`| new message: delivered → end of that frame | ${ms(median(pushes.map((p) => p.painted)))} | ${ms(Math.max(...pushes.map((p) => p.painted)))} | |`);
  console.log("");
  console.log(`new messages in view when painted (reader at the bottom): ${pushes.filter((p) => p.visible).length} of ${pushes.length}`);
} finally {
  await browser?.close();
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
}
