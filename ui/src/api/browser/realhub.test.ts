// @vitest-environment node
// End to end: the browser client against the REAL hub binary
// (target/debug/classroom host), through a TCP proxy the test can cut, as a
// student's Wi-Fi would. Proves against the hub itself what the scripted
// tests prove against a script: every message arrives exactly once, in
// order, across a dropped connection, messages typed while offline, a page
// reload that comes back from storage in the same seat, and the hub killed
// and started again with `--resume` (its class kept on disk).
//
// Needs the hub built: `cargo build -p classroom-cli --bin classroom`
// (scripts/test.sh builds it before the UI tests). CLASSROOM_BIN overrides
// the path. Without it the test FAILS, saying so: it is never skipped.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, connect as tcpConnect, type Server, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import type { ChatEntry, ClientEvent } from "../generated/protocol";
import { BrowserClient } from "./client";
import { installMemoryLocalStorage, memoryStorage, NodeWebSocket, Recorder, until } from "./hub.testing";
import { SeatStore } from "./storage";

installMemoryLocalStorage();

const BIN =
  process.env.CLASSROOM_BIN ??
  fileURLToPath(new URL(`../../../../target/debug/classroom${process.platform === "win32" ? ".exe" : ""}`, import.meta.url));

/** The hub process: started here, stopped here (by its own handle). */
let host: ChildProcess | null = null;
/** Every hub started, for afterAll to stop those still running. */
const started: ChildProcess[] = [];
let hubPort = 0;

/**
 * Starts `classroom host` on a free port; resolves with the port and the
 * session id it printed. `args` replace the default of a class with the
 * code 123456 kept in memory only (e.g. a data folder, or `--resume`, which
 * keeps the class's code).
 */
async function startHub(
  args: string[] = ["--code", "123456", "--no-store", "--class", "E2E", "--teacher", "T"],
): Promise<{ port: number; session: string }> {
  if (!existsSync(BIN)) {
    throw new Error(
      `The hub binary is missing at ${BIN}. Build it first: cargo build -p classroom-cli --bin classroom ` +
        "(or set CLASSROOM_BIN to a built classroom binary).",
    );
  }
  const child = spawn(BIN, ["host", "--no-mdns", "--bind", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  host = child;
  started.push(child);
  child.stderr?.resume();
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the hub did not say where it listens within 10 s")), 10_000);
    child.once("exit", (code) => reject(new Error(`the hub exited early (status ${code})`)));
    let port = 0;
    lines.on("line", (line) => {
      const listening = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line.trim());
      if (listening) port = Number(listening[1]);
      const session = /^session: (\S+)$/.exec(line.trim());
      if (session && port > 0) {
        clearTimeout(timer);
        resolve({ port, session: session[1]! });
      }
    });
  });
}

/** Kills the hub at once, as a crash or a power cut would (no goodbye to anyone). */
async function killHub(): Promise<void> {
  const child = host;
  host = null;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}

/** A TCP proxy to the hub that the test can take down (cutting every connection) and bring up again. */
class Proxy {
  #sockets = new Set<Socket>();
  #down = false;

  private constructor(
    readonly server: Server,
    public target: number,
  ) {}

  static async start(target: number): Promise<Proxy> {
    let proxy: Proxy | null = null;
    const server = createServer((client) => {
      if (!proxy || proxy.#down) {
        client.destroy();
        return;
      }
      const upstream = tcpConnect(proxy.target, "127.0.0.1");
      for (const socket of [client, upstream]) {
        proxy.#sockets.add(socket);
        const sockets = proxy.#sockets;
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    proxy = new Proxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return proxy;
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("not a TCP address");
    return `ws://127.0.0.1:${address.port}/ws`;
  }

  /** The network goes: every connection is cut (no close frame) and new ones are refused. */
  down(): void {
    this.#down = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  up(): void {
    this.#down = false;
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

afterAll(async () => {
  host = null;
  // Every hub a test started, not only the last: one test's hub must not
  // outlive the run when the next test starts its own.
  await Promise.all(
    started
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return exited;
      }),
  );
});

function student(url: string, name: string, seats: SeatStore | null): { client: BrowserClient; events: Recorder } {
  const events = new Recorder();
  const client = new BrowserClient(
    { url, name, code: "123456", WebSocket: NodeWebSocket, seats, backoffInitialMs: 50, backoffMaxMs: 200 },
    events.listener,
  );
  client.start();
  return { client, events };
}

const entries = (events: Recorder): ChatEntry[] =>
  events.events.flatMap((event: ClientEvent) => (event.kind === "message" ? [event.data] : []));

const texts = (list: ChatEntry[]) => list.map((entry) => entry.text);

/** Every seq from `from` on, once each, in order. */
function expectContiguous(list: ChatEntry[], from: number): void {
  expect(list.map((entry) => entry.seq)).toEqual(list.map((_, index) => from + index));
}

function youId(events: Recorder): string | undefined {
  const welcome = events.events.find((event) => event.kind === "welcome");
  return welcome?.kind === "welcome" ? welcome.data.you.id : undefined;
}

it("delivers every message exactly once, in order, across a drop, offline sends and a page reload", async () => {
  // Inside the test, so a missing binary fails this test by name (never a skip).
  hubPort = (await startHub()).port;
  const proxy = await Proxy.start(hubPort);
  const storage = memoryStorage();
  const seat = () => new SeatStore("ada-seat", storage);
  const direct = `ws://127.0.0.1:${hubPort}/ws`;
  const ada = student(proxy.url, "Ada", seat());
  const bo = student(direct, "Bo", null);
  const waitFor = (events: Recorder, count: number, what: string) =>
    until(() => (entries(events).length >= count ? true : undefined), what, 10_000);

  try {
    await ada.events.state("connected", 1, 10_000);
    await bo.events.state("connected", 1, 10_000);
    const adaId = youId(ada.events);
    expect(adaId).toMatch(/^p_\d+$/);

    ada.client.send("a1");
    ada.client.send("a2");
    bo.client.send("b1");
    await waitFor(ada.events, 3, "three messages at Ada");
    await waitFor(bo.events, 3, "three messages at Bo");

    // Ada's network goes: her connection is cut mid-class, and reconnecting fails for a while.
    proxy.down();
    await ada.events.state("reconnecting", 1, 10_000);
    ada.client.send("a3 (offline)");
    ada.client.send("a4 (offline)");
    bo.client.send("b2 (while Ada is away)");
    await waitFor(bo.events, 4, "b2 at Bo");
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.up();
    await ada.events.state("connected", 2, 10_000);
    await waitFor(ada.events, 6, "six messages at Ada");
    await waitFor(bo.events, 6, "six messages at Bo");
    expect(youId(ada.events)).toBe(adaId);

    // Once more offline, with a message not yet sent, and then the page reloads.
    proxy.down();
    await ada.events.state("reconnecting", 2, 10_000);
    ada.client.send("a5 (sent just before the reload)");
    bo.client.send("b3 (while Ada reloads)");
    await waitFor(bo.events, 7, "b3 at Bo");
    ada.client.leave(); // The old page is gone.
    const before = entries(ada.events);
    proxy.up();

    const reloaded = student(proxy.url, "Ada", seat());
    try {
      await reloaded.events.state("connected", 1, 10_000);
      expect(youId(reloaded.events)).toBe(adaId);
      await waitFor(bo.events, 8, "a5 at Bo");
      await waitFor(reloaded.events, 2, "b3 and a5 at the reloaded page");
      await new Promise((resolve) => setTimeout(resolve, 300)); // Anything doubled would show by now.

      const everything = entries(bo.events);
      expectContiguous(everything, 1);
      expect([...texts(everything)].sort()).toEqual(
        ["a1", "a2", "a3 (offline)", "a4 (offline)", "a5 (sent just before the reload)", "b1", "b2 (while Ada is away)", "b3 (while Ada reloads)"].sort(),
      );
      // Ada's own messages keep the order she typed them in.
      expect(texts(everything).filter((text) => text.startsWith("a"))).toEqual([
        "a1",
        "a2",
        "a3 (offline)",
        "a4 (offline)",
        "a5 (sent just before the reload)",
      ]);
      // The old page and the reloaded one together saw the log once, in order.
      const after = entries(reloaded.events);
      expectContiguous(before, 1);
      expectContiguous(after, before.length + 1);
      expect([...before, ...after]).toEqual(everything);
      // The reloaded page was told of a5 as queued (from storage) and sent it with its old id.
      const queued = reloaded.events.events.find((event) => event.kind === "queued");
      const a5 = everything.find((entry) => entry.text.startsWith("a5"));
      expect(queued?.kind === "queued" && queued.data.client_id).toBe(a5?.client_id);
      // Nobody new joined: Bo's list never gained a second Ada.
      const newcomers = bo.events.events.flatMap((event) =>
        event.kind === "participant" && event.data.name === "Ada" ? [event.data.id] : [],
      );
      expect(new Set(newcomers)).toEqual(new Set([adaId]));
    } finally {
      reloaded.client.leave();
    }
  } finally {
    ada.client.leave();
    bo.client.leave();
    await proxy.stop();
  }
}, 60_000);

it("keeps the class across the hub killed and started again with --resume: same seats, every message once", async () => {
  const data = mkdtempSync(join(tmpdir(), "classroom-realhub-"));
  const { port, session } = await startHub(["--code", "123456", "--data-dir", data, "--class", "E2E restart", "--teacher", "T"]);
  // Students reach the hub at one address whatever port it gets after the restart.
  const proxy = await Proxy.start(port);
  const storage = memoryStorage();
  const ada = student(proxy.url, "Ada", new SeatStore("ada-seat", storage));
  const bo = student(proxy.url, "Bo", null);
  const waitFor = (events: Recorder, count: number, what: string) =>
    until(() => (entries(events).length >= count ? true : undefined), what, 15_000);
  try {
    await ada.events.state("connected", 1, 10_000);
    await bo.events.state("connected", 1, 10_000);
    const [adaId, boId] = [youId(ada.events), youId(bo.events)];
    // One after the other: two students' messages sent at once reach the
    // hub in either order, and the order is what the test checks.
    ada.client.send("r1");
    await waitFor(bo.events, 1, "r1 at Bo");
    bo.client.send("r2");
    await waitFor(ada.events, 2, "r1 and r2 at Ada");
    await waitFor(bo.events, 2, "r1 and r2 at Bo");

    // The teacher's laptop dies; Ada types on.
    await killHub();
    await ada.events.state("reconnecting", 1, 10_000);
    ada.client.send("r3 (while the hub is down)");
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The class is reopened from its folder, on another port.
    proxy.target = (await startHub(["--data-dir", data, "--resume", session])).port;
    await ada.events.state("connected", 2, 15_000);
    await bo.events.state("connected", 2, 15_000);
    expect([youId(ada.events), youId(bo.events)]).toEqual([adaId, boId]);
    await waitFor(bo.events, 3, "r3 at Bo");
    bo.client.send("r4 (after the restart)");
    await waitFor(ada.events, 4, "r4 at Ada");
    await new Promise((resolve) => setTimeout(resolve, 300)); // Anything doubled would show by now.

    for (const events of [ada.events, bo.events]) {
      const seen = entries(events);
      expectContiguous(seen, 1);
      expect(texts(seen)).toEqual(["r1", "r2", "r3 (while the hub is down)", "r4 (after the restart)"]);
    }
  } finally {
    ada.client.leave();
    bo.client.leave();
    await proxy.stop();
    await killHub();
    rmSync(data, { recursive: true, force: true });
  }
}, 60_000);
