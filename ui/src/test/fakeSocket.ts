// A WebSocket stand-in for tests of the browser build (ui/src/api/web.ts):
// installed as the page's `WebSocket`, it records every socket the client
// opens and every frame sent, and lets a test play the hub, frame by frame:
//   const sockets = installFakeSocket();
//   await api.joinClass(request, sub);
//   const hub = sockets.last(); hub.open(); hub.welcome();

import { vi } from "vitest";
import { welcomeFrame } from "../api/browser/testing";

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

export type Frame = Record<string, unknown> & { type: string };

export class FakeSocket {
  readyState = CONNECTING;
  readonly sent: Frame[] = [];
  closedWith: { code: number; reason: string } | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    opened.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Frame);
  }

  /** The client closes (as a browser would, the close event comes later). */
  close(code = 1000, reason = ""): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.closedWith = { code, reason };
    setTimeout(() => this.onclose?.({ code, reason }));
  }

  // --- the hub's side ---

  open(): void {
    this.readyState = OPEN;
    this.onopen?.({});
  }

  receive(frame: Frame): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  /** The hub closes the connection. */
  hubCloses(code: number, reason = ""): void {
    this.readyState = CLOSED;
    this.onclose?.({ code, reason });
  }

  /** The frames sent, by type (the join and the probes are there too). */
  framesOf(type: string): Frame[] {
    return this.sent.filter((frame) => frame.type === type);
  }

  /** The welcome a hub sends Ada (fields may be overridden). */
  welcome(overrides: Record<string, unknown> = {}): void {
    this.receive(
      welcomeFrame(
        { id: "session-1", class: "Physics 101", teacher: "Mrs. Núñez", started_at: "2026-12-02T09:00:00Z" },
        [
          { id: "p_1", name: "Mrs. Núñez", role: "teacher", online: true },
          { id: "p_2", name: "Ada", role: "student", online: true },
        ],
        overrides,
      ),
    );
  }
}

const opened: FakeSocket[] = [];

/** Installs the fake as the global `WebSocket` (undone by `vi.unstubAllGlobals`); returns the sockets opened. */
export function installFakeSocket() {
  opened.length = 0;
  vi.stubGlobal("WebSocket", FakeSocket);
  return {
    all: opened,
    /** The newest socket the client opened. */
    last(): FakeSocket {
      const socket = opened.at(-1);
      if (!socket) throw new Error("no socket was opened");
      return socket;
    },
  };
}
