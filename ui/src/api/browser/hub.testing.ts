// A scripted hub for the browser client's tests (Node only): a real
// WebSocket server on loopback that records every frame a client sends and
// lets a test answer as the hub would, or as a hub misbehaving would
// (drops, replays, duplicates, refusals, silence). Also a recorder of the
// client's events, and a Node WebSocket client for the client to use (Node
// 20 has no global WebSocket).

import { WebSocket, WebSocketServer, type RawData } from "ws";
import type { ClientEvent } from "../generated/protocol";
import type { WebSocketFactory } from "./client";
import type { ClientFrame } from "./protocol";
import type { StorageLike } from "./storage";
import { welcomeFrame } from "./testing";

/** The `ws` package's client, as the browser client takes it. */
export const NodeWebSocket = WebSocket as unknown as WebSocketFactory;

/** Web Storage in memory (what a page's localStorage would be across a reload). */
export function memoryStorage(): StorageLike & { data: Map<string, string>; clear(): void } {
  const data = new Map<string, string>();
  return {
    data,
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

/**
 * Gives a Node test file a `localStorage`: the shared test setup clears it
 * before each test, and Node has none (or, in some versions, an unusable
 * stand-in without a file).
 */
export function installMemoryLocalStorage(): void {
  Object.defineProperty(globalThis, "localStorage", { value: memoryStorage(), configurable: true, writable: true });
}

/** Resolves when `check` returns something other than undefined; rejects after `ms`. */
export async function until<T>(check: () => T | undefined, what: string, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Sent = ClientFrame & Record<string, unknown>;

/** One client connection, seen from the hub. */
export class HubConnection {
  readonly frames: Sent[] = [];
  closed: { code: number; reason: string } | null = null;
  #read = 0;

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data: RawData) => this.frames.push(JSON.parse(data.toString()) as Sent));
    socket.on("close", (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  /** The next frame the client sent that this test has not read yet (optionally of a type, skipping others). */
  async next(type?: string, ms = 3000): Promise<Sent> {
    return until(
      () => {
        while (this.#read < this.frames.length) {
          const frame = this.frames[this.#read++];
          if (frame && (type === undefined || frame.type === type)) return frame;
        }
        return undefined;
      },
      `a ${type ?? "frame"} from the client`,
      ms,
    );
  }

  send(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The welcome, as the hub writes it (fields may be overridden). */
  welcome(overrides: Record<string, unknown> = {}): void {
    this.send(
      welcomeFrame(
        { id: "session-1", class: "Test 101", teacher: "T", started_at: "2026-11-25T22:07:11.88Z" },
        [
          { id: "p_2", name: "Ada", role: "student", online: true },
          { id: "p_1", name: "T", role: "teacher", online: true },
          { id: "p_3", name: "Bo", role: "student", online: true },
        ],
        overrides,
      ),
    );
  }

  /** Accepts the join (reading it) and welcomes; returns the join frame. */
  async join(overrides: Record<string, unknown> = {}): Promise<Sent> {
    const join = await this.next("student:join");
    this.welcome(overrides);
    return join;
  }

  close(code: number, reason = ""): void {
    this.socket.close(code, reason);
  }

  /** Cuts the connection without a close frame (a lost network). */
  cut(): void {
    this.socket.terminate();
  }
}

export class ScriptedHub {
  readonly connections: HubConnection[] = [];
  #taken = 0;

  private constructor(readonly server: WebSocketServer) {
    server.on("connection", (socket) => this.connections.push(new HubConnection(socket)));
  }

  static async start(): Promise<ScriptedHub> {
    return ScriptedHub.startOn(0);
  }

  /** A hub on a given port (e.g. the one a stopped hub had, to come back). */
  static async startOn(port: number): Promise<ScriptedHub> {
    const server = new WebSocketServer({ host: "127.0.0.1", port });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    return new ScriptedHub(server);
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("not a TCP address");
    return `ws://127.0.0.1:${address.port}/ws`;
  }

  /** The next connection not handed to the test yet. */
  async connection(ms = 3000): Promise<HubConnection> {
    const connection = await until(() => this.connections[this.#taken], "a connection", ms);
    this.#taken += 1;
    return connection;
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Every event a client emitted, and a way to wait for one. */
export class Recorder {
  readonly events: ClientEvent[] = [];
  readonly listener = (event: ClientEvent): void => void this.events.push(event);

  kinds(): string[] {
    return this.events.map((event) =>
      event.kind === "state" ? `state:${event.data.state}` : event.kind,
    );
  }

  /** The seqs of every `message` event, in order. */
  messages(): number[] {
    return this.events.flatMap((event) => (event.kind === "message" ? [event.data.seq] : []));
  }

  /** Waits for an event of `kind` (matching `test`) at or after index `from`; returns it. */
  async wait<K extends ClientEvent["kind"]>(
    kind: K,
    test: (event: Extract<ClientEvent, { kind: K }>) => boolean = () => true,
    ms = 3000,
  ): Promise<Extract<ClientEvent, { kind: K }>> {
    return until(
      () =>
        this.events.find(
          (event): event is Extract<ClientEvent, { kind: K }> =>
            event.kind === kind && test(event as Extract<ClientEvent, { kind: K }>),
        ),
      `a ${kind} event`,
      ms,
    );
  }

  /** Waits for the n-th state event with this state (1-based). */
  async state(state: string, nth = 1, ms = 3000): Promise<void> {
    await until(
      () =>
        this.events.filter((event) => event.kind === "state" && event.data.state === state).length >= nth
          ? true
          : undefined,
      `state ${state} #${nth}`,
      ms,
    );
  }
}
