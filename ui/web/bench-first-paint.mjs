// First paint of the join page, as a student's browser sees it: a real hub
// (`classroom host`, mDNS off) serves the web client on loopback, and
// headless Chromium (Debian's, through playwright-core) opens it RUNS times,
// each time in a fresh browser context (an empty cache, as a first visit).
// Prints, per run and as medians: first contentful paint, and the moment the
// join form's name field is on screen (the page is usable), both from the
// start of navigation; and the bytes the page loaded, by file.
//
// A benchmark, not a test: it prints numbers.
//   npm run build:web && cargo build --release -p classroom-cli
//   node ui/web/bench-first-paint.mjs            # RUNS=15 by default
// CLASSROOM_BIN picks the hub binary (default target/release/classroom),
// CHROMIUM the browser (default /usr/bin/chromium).

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = process.env.CLASSROOM_BIN ?? `${ROOT}target/release/classroom`;
const BROWSER = process.env.CHROMIUM ?? "/usr/bin/chromium";
const RUNS = Number(process.env.RUNS ?? 15);

/** Starts `classroom host` on a free loopback port; resolves with its port and a stop function. */
function startHub() {
  const hub = spawn(BIN, ["host", "--no-mdns", "--no-store", "--bind", "127.0.0.1:0", "--class", "Bench", "--teacher", "T"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () => hub.kill("SIGTERM");
  process.once("exit", stop);
  return new Promise((resolve, reject) => {
    let out = "";
    hub.once("error", reject);
    hub.once("exit", (code) => reject(new Error(`${BIN} exited (${code}) before listening:\n${out}`)));
    hub.stdout.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      const port = out.match(/listening on 127\.0\.0\.1:(\d+)/)?.[1];
      if (port) resolve({ port: Number(port), stop });
    });
  });
}

/** "median (min–max)" of the values measured (a run without the entry is left out). */
function summary(all) {
  const values = all.filter((v) => Number.isFinite(v));
  const missing = all.length - values.length;
  const range = `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  return `${median(values).toFixed(0)} ms (${range})${missing ? `, ${missing} run(s) without it` : ""}`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const hub = await startHub();
const browser = await chromium.launch({ executablePath: BROWSER, args: ["--no-sandbox"] });
try {
  const url = `http://127.0.0.1:${hub.port}/`;
  const check = await fetch(url);
  if (!(await check.text()).includes('<div id="root">')) {
    throw new Error(`${BIN} serves no web client: run npm run build:web, then build the binary again`);
  }
  const paints = [];
  const usable = [];
  let files = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    const loaded = [];
    page.on("response", async (response) => {
      const size = Number(response.headers()["content-length"] ?? 0);
      loaded.push({ file: new URL(response.url()).pathname, size, encoding: response.headers()["content-encoding"] ?? "none" });
    });
    await page.goto(url);
    await page.getByLabel(/your name/i).waitFor();
    const ready = await page.evaluate(() => performance.now());
    // The paint entry is recorded once the frame is presented: wait for it.
    const fcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName("first-contentful-paint")[0];
            if (entry) resolve(entry.startTime);
          }).observe({ type: "paint", buffered: true });
          setTimeout(() => resolve(NaN), 5000);
        }),
    );
    paints.push(fcp);
    usable.push(ready);
    console.log(`run ${run + 1}: first contentful paint ${fcp.toFixed(0)} ms, join form usable ${ready.toFixed(0)} ms`);
    files = loaded;
    await context.close();
  }
  console.log(`\nmedian of ${RUNS}: first contentful paint ${summary(paints)}, join form usable ${summary(usable)}`);
  console.log("\nfiles of the last run (as sent, compressed as Chromium asked on loopback):");
  for (const { file, size, encoding } of files) console.log(`  ${String(size).padStart(7)} B  ${encoding.padEnd(4)}  ${file}`);
  console.log(`  ${String(files.reduce((sum, f) => sum + f.size, 0)).padStart(7)} B  total`);
} finally {
  await browser.close();
  hub.stop();
}
