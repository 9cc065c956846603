// The browser build's api (web.ts) against a fake page socket: each intent
// the UI has goes to the browser client and out as the hub's frame; the
// class is the page's own hub; the page starts on the join form (a code in
// the address's fragment filled in, and taken off the address bar); a
// reload goes back into the class; what only the desktop does is refused.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppEvent, JoinRequest } from "./generated/protocol";
import { installFakeSocket, type FakeSocket } from "../test/fakeSocket";

type Web = typeof import("./web");

let sockets: ReturnType<typeof installFakeSocket>;

const pages: Web[] = [];

/** A fresh copy of the module, as a newly loaded page has it. */
async function page(): Promise<Web> {
  vi.resetModules();
  const web = await import("./web");
  pages.push(web);
  return web;
}

const ada: JoinRequest = { address: "ignored:1", name: " Ada ", code: " 482913 " };

/** Joins as Ada and lets the hub welcome her; returns the socket and the events seen. */
async function joined(web: Web, welcome: Record<string, unknown> = {}) {
  const events: AppEvent[] = [];
  const subscription = web.subscribe((event) => events.push(event));
  await web.joinClass(ada, subscription);
  const hub = sockets.last();
  hub.open();
  hub.welcome(welcome);
  return { hub, events, subscription };
}

async function rejection(promise: Promise<unknown>): Promise<{ kind?: string; code?: string; name?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { kind?: string; code?: string; name?: string };
  }
  throw new Error("it resolved");
}

beforeEach(() => {
  sockets = installFakeSocket();
  history.replaceState(null, "", "/");
});

afterEach(async () => {
  // No client keeps running (timers, the page's online/visibility listeners).
  for (const web of pages.splice(0)) await web.leaveClass().catch(() => {});
  vi.unstubAllGlobals();
});

describe("start-up", () => {
  it("opens on the join form for this hub, with nothing to look for or update", async () => {
    const web = await page();
    expect(await web.startup()).toEqual({ host: null, join: null });
    expect(await web.lastJoin()).toEqual({ address: location.host, name: "", code: "" });
    expect(await web.recentClasses()).toEqual([]);
    expect((await web.pastClasses()).classes).toEqual([]);
    expect(await web.updateSettings()).toEqual({ available: false, check: false, locked: null });
    expect(await web.checkUpdate()).toBeNull();
    expect(await web.prepareNotifications()).toBe(false);
    await web.notify("Physics 101", "Hi");
    expect(sockets.all).toHaveLength(0);
  });

  it("says looking for classes is not possible here", async () => {
    const web = await page();
    const onError = vi.fn();
    web.watchClasses(vi.fn(), onError);
    await Promise.resolve();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: "io", code: "browseUnavailable" }));
    // Stopped before it could say so: nothing.
    const quiet = vi.fn();
    web.watchClasses(vi.fn(), quiet)();
    await Promise.resolve();
    expect(quiet).not.toHaveBeenCalled();
  });

  it("fills in a code from #code= and takes it off the address bar", async () => {
    history.replaceState(null, "", "/?lang=es#code=482913");
    const replace = vi.spyOn(history, "replaceState");
    const web = await page();
    expect(await web.startup()).toEqual({ host: null, join: null });
    expect(location.hash).toBe("");
    expect(location.search).toBe("?lang=es");
    // Asked again (React runs start-up twice in development): the same code.
    expect(await web.lastJoin()).toEqual({ address: location.host, name: "", code: "482913" });
    expect(await web.lastJoin()).toMatchObject({ code: "482913" });
    expect(replace).toHaveBeenCalledTimes(1);
  });

  it("keeps the rest of the fragment, and reads no code from a query string", async () => {
    history.replaceState(null, "", "/#code=%20123456%20&view=chat");
    let web = await page();
    expect(await web.lastJoin()).toMatchObject({ code: "123456" });
    expect(location.hash).toBe("#view=chat");

    history.replaceState(null, "", "/?code=654321");
    web = await page();
    expect(await web.lastJoin()).toMatchObject({ code: "" });
    expect(location.search).toBe("?code=654321");
  });
});

describe("joining", () => {
  it("joins the page's own hub with the typed name and code", async () => {
    const web = await page();
    const { hub, events } = await joined(web);
    expect(hub.url).toBe(`ws://${location.host}/ws`);
    expect(hub.sent[0]).toEqual({ type: "student:join", name: "Ada", code: "482913", last_seq: 0 });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["state", "welcome", "roster"]));
    expect(events[0]).toEqual({ kind: "state", data: { state: "connecting" } });
  });

  it("refuses a second class, an empty name and teacher's or desktop things", async () => {
    const web = await page();
    expect(await rejection(web.joinClass({ ...ada, name: "  " }, web.subscribe(vi.fn())))).toMatchObject({
      kind: "invalidInput",
      code: "missingName",
    });
    await joined(web);
    expect(await rejection(web.joinClass(ada, web.subscribe(vi.fn())))).toMatchObject({ kind: "alreadyInClass" });
    for (const teacherOnly of [
      web.removeStudent("p_3", false),
      web.lowerHand("p_3"),
      web.clearHands(),
      web.setRules({ locked: true }),
      web.openPoll({ question: "?", kind: "single", options: ["a", "b"], correct: [], anonymous: false, changes: false }),
      web.pinMessage(1),
      web.endClass(),
      web.answerQuestion("q", "a", false, false),
    ]) {
      expect(await rejection(teacherOnly)).toMatchObject({ kind: "invalidInput", code: "notHosting" });
    }
    const hosting = await rejection(web.hostClass({ class: "Physics", teacher: "T" }, web.subscribe(vi.fn())));
    expect(hosting).toBeInstanceOf(web.NotInBrowser);
    expect(hosting).toBeInstanceOf(web.CommandError);
    expect(hosting).toMatchObject({ kind: "invalidInput", feature: "Hosting a class" });
    expect(await rejection(web.exportClass("s", "csv", "en"))).toBeInstanceOf(web.NotInBrowser);
    expect(await rejection(web.installUpdate())).toBeInstanceOf(web.NotInBrowser);
  });

  it("says not in a class before joining", async () => {
    const web = await page();
    expect(await rejection(web.sendMessage("hi"))).toMatchObject({ kind: "notInClass", code: "notInClass" });
    expect(await rejection(web.leaveClass())).toMatchObject({ kind: "notInClass" });
  });
});

describe("in the class", () => {
  it("sends each intent as the hub's frame", async () => {
    const web = await page();
    const { hub, events } = await joined(web, {
      history: [{ seq: 7, id: "m_7", client_id: "c-7", from: { id: "p_1", name: "Mrs. Núñez", role: "teacher" }, text: "Hi", ts: "2026-12-02T09:01:00Z" }],
      last_seq: 7,
    });
    const sentSince = (from: number) => hub.sent.slice(from);
    let mark = hub.sent.length;

    const id = await web.sendMessage("Hello");
    expect(events).toContainEqual({ kind: "queued", data: { client_id: id, text: "Hello" } });
    await web.setTyping(true);
    await web.raiseHand();
    await web.lowerHand();
    await web.reactToMessage(7, "👍", true);
    await web.reactToMessage(7, "👍", false);
    await web.deleteMessage(7);
    expect(sentSince(mark)).toEqual([
      { type: "chat:message", id, text: "Hello" },
      { type: "typing", active: true },
      { type: "hand:raise" },
      { type: "hand:lower" },
      { type: "reaction:add", seq: 7, emoji: "👍" },
      { type: "reaction:remove", seq: 7, emoji: "👍" },
      { type: "chat:delete", seq: 7 },
    ]);

    mark = hub.sent.length;
    const question = await web.askQuestion("Why is the sky blue?");
    const answer = await web.answerPoll("q_1", { choices: [1] });
    await web.loadEarlier();
    expect(sentSince(mark)).toEqual([
      { type: "question:ask", id: question, text: "Why is the sky blue?" },
      { type: "poll:answer", poll: "q_1", id: answer, choices: [1] },
      { type: "history:fetch", before: 7 },
    ]);
    expect(events).toContainEqual({ kind: "questionQueued", data: { client_id: question, text: "Why is the sky blue?" } });
    expect(events).toContainEqual({ kind: "answerQueued", data: { poll: "q_1", client_id: answer, answer: { choices: [1] } } });
    expect(events).toContainEqual({ kind: "loadingEarlier" });
  });

  it("stops delivering events once unsubscribed", async () => {
    const web = await page();
    const { hub, events, subscription } = await joined(web);
    subscription.unsubscribe();
    const before = events.length;
    hub.receive({ type: "typing", from: "p_1", active: true });
    expect(events).toHaveLength(before);
  });

  it("leaves: the socket closes, the form comes back after a reload, and joining again is allowed", async () => {
    const web = await page();
    const { hub, events } = await joined(web);
    await web.leaveClass();
    expect(hub.closedWith).toEqual({ code: 1000, reason: "left" });
    expect(events.at(-1)).toEqual({ kind: "state", data: { state: "closed", reason: "left" } });
    expect(await rejection(web.sendMessage("hi"))).toMatchObject({ kind: "notInClass" });

    const reloaded = await page();
    expect(await reloaded.startup()).toEqual({ host: null, join: null });
    // The name (and code) are still filled in.
    expect(await reloaded.lastJoin()).toEqual({ address: location.host, name: "Ada", code: "482913" });
    await joined(reloaded);
    expect(sockets.all).toHaveLength(2);
  });

  it("a class that refused or ended takes no more intents: connectionClosed", async () => {
    const web = await page();
    const events: AppEvent[] = [];
    await web.joinClass(ada, web.subscribe((event) => events.push(event)));
    const hub: FakeSocket = sockets.last();
    hub.open();
    hub.receive({ type: "error", code: "bad_code", message: "wrong class code" });
    hub.hubCloses(1008, "bad_code");
    expect(events.at(-1)).toMatchObject({ kind: "state", data: { state: "closed", reason: "refused", code: "bad_code" } });
    expect(await rejection(web.sendMessage("hi"))).toMatchObject({ kind: "io", code: "connectionClosed" });
    // Not in a class any more: a new join is fine.
    await web.joinClass(ada, web.subscribe(vi.fn()));
    expect(sockets.all).toHaveLength(2);
  });
});

describe("a page reload", () => {
  it("goes straight back into the class, as the same seat", async () => {
    const web = await page();
    await joined(web);
    // The page goes away without leaving (a reload): nothing is closed.

    const reloaded = await page();
    const flags = await reloaded.startup();
    expect(flags).toEqual({ host: null, join: { address: location.host, name: "Ada", code: "482913" } });
    await reloaded.joinClass(flags.join!, reloaded.subscribe(vi.fn()));
    const hub = sockets.last();
    hub.open();
    expect(hub.sent[0]).toMatchObject({ type: "student:join", name: "Ada", resume: "token-1" });
  });

  it("shows the form when the class ended meanwhile (the seat is gone)", async () => {
    const web = await page();
    const { hub } = await joined(web);
    hub.receive({ type: "session:ended" });
    hub.hubCloses(1000, "ended");
    const reloaded = await page();
    expect(await reloaded.startup()).toEqual({ host: null, join: null });
  });
});
