// A stand-in for ui/src/api in component tests:
//   vi.mock("../api", async (original) => (await import("../test/apiMock")).apiMock(await original()));
// Every command is a vi.fn with a harmless default; `emit` plays AppEvents
// (a class's events, a hosted class's storage state) into the current
// subscription, as the Rust shell would.

import { act } from "@testing-library/react";
import { vi } from "vitest";
import type * as Api from "../api";
import type { AppEvent, ClassEvent } from "../api";

let handler: ((event: AppEvent) => void) | null = null;
let classHandler: ((event: ClassEvent) => void) | null = null;

/** The history folder the mocked `past_classes` reports. */
export const HISTORY_FOLDER = "/home/teacher/.local/share/classroom";

export function apiMock(actual: typeof Api) {
  handler = null;
  classHandler = null;
  return {
    ...actual,
    subscribe: vi.fn((onEvent: (event: AppEvent) => void) => {
      handler = onEvent;
      const subscription = {
        unsubscribe: vi.fn(() => {
          if (handler === onEvent) handler = null;
        }),
      };
      return subscription as unknown as Api.EventSubscription;
    }),
    startup: vi.fn(async () => ({ host: null, join: null })),
    lastJoin: vi.fn(async () => null),
    hostClass: vi.fn(
      async (request: Api.HostRequest): Promise<Api.HostInfo> => {
        return {
          session: request.resume ?? "0f3c9a7e5b2d4c18a6e1f0b9d8c7a654",
          resumed: request.resume !== undefined,
          class: request.class,
          teacher: request.teacher,
          code: "482913",
          addresses: ["192.168.1.20:4455", "10.8.0.2:4455"],
          join_link: "http://192.168.1.20:4455/",
          qr: { text: "http://192.168.1.20:4455/", size: 21, path: "M0 0h7v1h-7z" },
          web: true,
          advertising: { state: "on", instance: request.class, interfaces: ["eth0 (192.168.1.20)"], warnings: [] },
          storage: { state: "ok" },
        };
      },
    ),
    loadEarlier: vi.fn(async () => undefined),
    pastClasses: vi.fn(
      async (): Promise<Api.PastClasses> => ({ classes: [], retention_days: null, folder: HISTORY_FOLDER }),
    ),
    startFresh: vi.fn(async (): Promise<Api.StartedFresh> => ({ kept: null })),
    deleteClass: vi.fn(
      async (): Promise<Api.PastClasses> => ({ classes: [], retention_days: null, folder: HISTORY_FOLDER }),
    ),
    setRetention: vi.fn(
      async (days: number | null): Promise<Api.PastClasses> => ({ classes: [], retention_days: days, folder: HISTORY_FOLDER }),
    ),
    exportClass: vi.fn(async (): Promise<string | null> => null),
    retryAdvertising: vi.fn(async (): Promise<Api.AdvertiseStatus> => ({ state: "off" })),
    watchClasses: vi.fn((onEvent: (event: ClassEvent) => void) => {
      classHandler = onEvent;
      return () => {
        if (classHandler === onEvent) classHandler = null;
      };
    }),
    recentClasses: vi.fn(async (): Promise<Api.RecentClass[]> => []),
    joinClass: vi.fn(async () => undefined),
    sendMessage: vi.fn(async () => "c-1"),
    setTyping: vi.fn(async () => undefined),
    removeStudent: vi.fn(async () => undefined),
    removeOffline: vi.fn(async () => undefined),
    changeCode: vi.fn(async () => "731064"),
    joinLink: vi.fn(async (withCode: boolean): Promise<Api.JoinLink> => {
      const link = withCode ? "http://192.168.1.20:4455/#code=482913" : "http://192.168.1.20:4455/";
      return { link, qr: { text: link, size: 21, path: "M0 0h7v1h-7z" }, with_code: withCode };
    }),
    raiseHand: vi.fn(async () => undefined),
    lowerHand: vi.fn(async () => undefined),
    clearHands: vi.fn(async () => undefined),
    muteStudent: vi.fn(async () => undefined),
    setRules: vi.fn(async () => undefined),
    renameStudent: vi.fn(async () => undefined),
    deleteMessage: vi.fn(async () => undefined),
    pinMessage: vi.fn(async () => undefined),
    reactToMessage: vi.fn(async () => undefined),
    askQuestion: vi.fn(async () => "c-q1"),
    answerQuestion: vi.fn(async () => "c-r1"),
    answerPoll: vi.fn(async () => "c-a1"),
    openPoll: vi.fn(async () => undefined),
    closePoll: vi.fn(async () => undefined),
    revealPoll: vi.fn(async () => undefined),
    hideAnswer: vi.fn(async () => undefined),
    endClass: vi.fn(async () => undefined),
    leaveClass: vi.fn(async () => undefined),
    prepareNotifications: vi.fn(async () => true),
    notify: vi.fn(async () => undefined),
    windowHasFocus: vi.fn(() => true),
    // A build that cannot update itself, unless a test says otherwise.
    updateSettings: vi.fn(
      async (): Promise<Api.UpdateSettings> => ({ available: false, check: true, locked: null }),
    ),
    setUpdateCheck: vi.fn(
      async (check: boolean): Promise<Api.UpdateSettings> => ({ available: true, check, locked: null }),
    ),
    checkUpdate: vi.fn(async (): Promise<Api.UpdateInfo | null> => null),
    installUpdate: vi.fn(async () => undefined),
  } satisfies typeof Api;
}

/** Plays events into the app as the shell would, inside act(). */
export function emit(...events: AppEvent[]): void {
  act(() => {
    for (const event of events) {
      if (!handler) throw new Error("nothing subscribed: no class was started or joined");
      handler(event);
    }
  });
}

export function subscribed(): boolean {
  return handler !== null;
}

/** Plays events into the join screen's class list, as the shell would. */
export function emitClasses(...events: ClassEvent[]): void {
  act(() => {
    for (const event of events) {
      if (!classHandler) throw new Error("nobody is looking for classes: the join screen is not open");
      classHandler(event);
    }
  });
}

/** Whether the join screen is looking for classes now. */
export function browsing(): boolean {
  return classHandler !== null;
}
