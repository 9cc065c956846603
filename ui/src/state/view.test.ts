import { describe, expect, it } from "vitest";
import { ada, bo, cy, entries, entry, ev, hostInfo, inClassAs, localTs, participant, run, teacher } from "../test/fixtures";
import { initialState, reducer } from "./classroom";
import { say, sayIn } from "../test/i18n";
import {
  advertiseFailure,
  advertiseWarnings,
  chatMessages,
  chatNotice,
  composerDisabledReason,
  connectionBanner,
  earlierView,
  formatTime,
  joinStatus,
  messageLength,
  participantList,
  storageWarning,
  studentCounts,
  typingText,
} from "./view";

describe("formatTime", () => {
  it("shows the local time of an RFC 3339 time as each language writes it", () => {
    expect(formatTime(localTs(9, 5), "en-GB")).toBe("9:05");
    expect(formatTime(localTs(23, 59), "es")).toBe("23:59");
    expect(formatTime(localTs(23, 59), "en-US").replace(/\s/gu, " ")).toBe("11:59 PM");
    expect(formatTime(localTs(9, 5), "es")).toBe("9:05");
  });

  it("parses the hub's short fractions and gives nothing for garbage", () => {
    const ts = new Date(2026, 10, 25, 22, 7, 11, 880).toISOString().replace(".880Z", ".88Z");
    expect(formatTime(ts, "en-GB")).toBe("22:07");
    expect(formatTime("not a time", "en-GB")).toBe("");
  });
});

describe("chatMessages", () => {
  it("labels own messages 'You', marks the teacher's, and keeps pending ones last", () => {
    const s = run(
      inClassAs(ada),
      ev.message(entry(1, teacher, "Welcome")),
      ev.queued("c1", "Waiting"),
      ev.message(entry(2, ada, "Mine")),
      ev.message(entry(3, bo, "Hi")),
    );
    const lines = chatMessages(s);
    expect(lines.map((l) => l.kind === "message" && [l.sender, l.mine, l.teacher, l.status])).toEqual([
      ["Mrs. Núñez", false, true, "sent"],
      ["Ada", true, false, "sent"],
      ["Bo", false, false, "sent"],
      ["", true, false, "sending"],
    ]);
    expect(lines[0]).toMatchObject({ dateTime: entry(1, teacher, "Welcome").ts });
  });

  it("shows an acked message as sent before its copy arrives, and refusals with the reason", () => {
    const s = run(
      inClassAs(ada),
      ev.queued("c1", "a"),
      ev.acked("c1", 1),
      ev.queued("c2", "b"),
      ev.refused("c2", "rate_limited", "Too fast."),
    );
    const lines = chatMessages(s);
    expect(lines[0]).toMatchObject({ kind: "message", text: "b", status: "refused", });
    expect(say(lines[0]?.kind === "message" ? lines[0].reason : null)).toBe("You are sending too fast. Wait a moment.");
    expect(lines[1]).toMatchObject({ kind: "message", text: "a", status: "sent" });
  });

  it("keeps the same view object for a line that did not change", () => {
    const before = run(inClassAs(ada), ev.message(entry(1, bo, "Hi")));
    const after = run(before, ev.message(entry(2, teacher, "Hello")));
    expect(chatMessages(after)[0]).toBe(chatMessages(before)[0]);
  });

  it("marks the teacher's own messages as the teacher's", () => {
    const s = run(inClassAs(teacher), ev.message(entry(1, teacher, "Hello")));
    expect(chatMessages(s)[0]).toMatchObject({ mine: true, teacher: true, sender: teacher.name });
  });

  it("describes a gap in words", () => {
    const [gap] = chatMessages(run(inClassAs(), ev.gap(3, 3)));
    expect(gap?.kind === "gap" && say(gap.text)).toBe("One earlier message could not be loaded.");
    const [gaps] = chatMessages(run(inClassAs(), ev.gap(3, 9)));
    expect(gaps?.kind === "gap" && say(gaps.text)).toBe("7 earlier messages could not be loaded.");
    expect(gap).toMatchObject({
      kind: "gap",
      key: "gap:3-3",
    });
  });
});

describe("participantList", () => {
  it("puts the teacher first, then students by name, and marks you", () => {
    const s = run(inClassAs(bo), ev.roster(participant(cy), participant(bo), participant(ada, false), participant(teacher)));
    expect(participantList(s).map((p) => [p.name, p.you, p.online])).toEqual([
      ["Mrs. Núñez", false, true],
      ["Ada", false, false],
      ["Bo", true, true],
      ["Cy", false, true],
    ]);
  });

  it("lets only the teacher remove, and only students", () => {
    const asTeacher = participantList(inClassAs(teacher));
    expect(asTeacher.map((p) => [p.name, p.removable])).toEqual([
      ["Mrs. Núñez", false],
      ["Ada", true],
      ["Bo", true],
    ]);
    expect(participantList(inClassAs(ada)).some((p) => p.removable)).toBe(false);
  });

  it("gives the same list while the class and the room are unchanged, and a new one when they change", () => {
    const s = inClassAs(teacher);
    const list = participantList(s);
    expect(participantList(run(s, ev.message(entry(1, ada, "hi")), ev.typing(ada.id, true)))).toBe(list);
    const left = run(s, ev.left(bo.id, "timeout"));
    expect(participantList(left)).not.toBe(list);
    expect(participantList(left).find((p) => p.id === bo.id)?.online).toBe(false);
    const muted = run(s, ev.muted(ada.id, true));
    expect(participantList(muted).find((p) => p.id === ada.id)?.muted).toBe(true);
  });

  it("counts students and those online", () => {
    const s = run(inClassAs(teacher), ev.left("p_3", "timeout"));
    expect(studentCounts(s)).toEqual({ students: 2, online: 1 });
  });
});

describe("typingText", () => {
  const typing = (...ids: string[]) =>
    run(
      run(inClassAs(ada), ev.participant(participant(cy))),
      ...ids.map((id) => ev.typing(id, true)),
    );

  it("names one, two, or says several", () => {
    expect(say(typingText(typing()))).toBeNull();
    expect(say(typingText(typing("p_3")))).toBe("Bo is typing…");
    expect(say(typingText(typing("p_4", "p_3")))).toBe("Bo and Cy are typing…");
    expect(say(typingText(typing("p_1", "p_3", "p_4")))).toBe("Several people are typing…");
  });

  it("leaves out unknown ids", () => {
    expect(say(typingText(typing("p_99")))).toBeNull();
  });
});

describe("connectionBanner", () => {
  it("says nothing while connected", () => {
    expect(connectionBanner(inClassAs())).toBeNull();
  });

  it.each([
    [ev.connecting(), "Connecting…", false],
    [ev.reconnecting(3), "Reconnecting… (attempt 3)", false],
    [ev.closed("ended"), "Session ended by the teacher", true],
    [ev.closed("removed"), "You were removed from the class", true],
    [ev.closed("left"), "You left the class.", true],
    [ev.closed("replaced"), "This class was opened in another window, so this one was disconnected.", true],
    [ev.refusedJoin("session_full", "The class is full."), "This class is full.", true],
  ])("shows %j as its words", (event, text, closed) => {
    const banner = connectionBanner(run(inClassAs(), event));
    expect(banner).toMatchObject({ closed });
    expect(say(banner?.text)).toBe(text);
  });
});

describe("chatNotice", () => {
  it("says nothing while connected and explains the rest inside the panel", () => {
    expect(chatNotice(inClassAs())).toBeNull();
    const reconnecting = chatNotice(run(inClassAs(), ev.reconnecting(2)));
    expect(reconnecting?.tone).toBe("warning");
    expect(say(reconnecting?.text)).toBe("Reconnecting… Messages you send will go out when the connection is back.");
    const removed = chatNotice(run(inClassAs(), ev.closed("removed")));
    expect(removed?.tone).toBe("error");
    expect(say(removed?.text)).toBe("You were removed from the class");
  });
});

describe("composer and join status", () => {
  it("lets people type while reconnecting but not once closed", () => {
    expect(composerDisabledReason(run(inClassAs(), ev.reconnecting(1)))).toBeNull();
    expect(say(composerDisabledReason(run(inClassAs(), ev.closed("ended"))))).toBe("The chat is closed.");
  });

  it("tells a joining student what is happening", () => {
    const joining = reducer(initialState, {
      type: "joinStarted",
      request: { address: "10.0.0.2:4455", name: "Ada", code: "1" },
    });
    expect(say(joinStatus(joining))).toBe("Joining…");
    expect(say(joinStatus(run(joining, ev.reconnecting(2))))).toBe(
      "Cannot reach the teacher's computer yet. Trying again (attempt 2)…",
    );
    expect(joinStatus(initialState)).toBeNull();
  });

  it("counts characters as the hub does (Unicode scalar values, trimmed)", () => {
    expect(messageLength("  héllo  ")).toBe(5);
    expect(messageLength("👩‍🏫")).toBe(3);
    expect(messageLength("😀😀")).toBe(2);
  });
});

describe("earlierView", () => {
  it("offers more, says loading, then marks the start of the class", () => {
    expect(earlierView(inClassAs(ada))).toBeNull();
    const s = run(inClassAs(ada), ...entries(51, 60).map(ev.message));
    expect(earlierView(s)).toBe("more");
    const loading = run(s, ev.loadingEarlier());
    expect(earlierView(loading)).toBe("loading");
    expect(earlierView(run(loading, ev.earlier(entries(41, 50))))).toBe("more");
    expect(earlierView(run(loading, ev.earlier(entries(41, 50), true)))).toBe("start");
  });

  it("marks the start when the first message of the class is shown", () => {
    expect(earlierView(run(inClassAs(ada), ev.message(entry(1, bo, "first"))))).toBe("start");
  });
});

describe("storageWarning", () => {
  const hosting = (storage: Parameters<typeof hostInfo>[0]) =>
    run(initialState, { type: "hostStarted" }, { type: "hostSucceeded", info: hostInfo(storage) });

  it("says what is wrong while saving fails, and that nothing sent is lost", () => {
    const s = hosting({ storage: { state: "failing", message: "The disk is full.", retry_helps: true } });
    expect(say(storageWarning(s))).toBe(
      "Messages are not being saved: The disk is full. New messages wait until this is fixed; nothing already sent is lost.",
    );
  });

  it("words the shell's code in the user's language", () => {
    const s = hosting({
      storage: {
        state: "failing",
        message: "the disk is full",
        retry_helps: true,
        code: "diskFull",
        params: { folder: "/home/ana/.local/share/classroom" },
      },
    });
    expect(sayIn("es")(storageWarning(s))).toBe(
      "Los mensajes no se están guardando: el disco donde está /home/ana/.local/share/classroom está lleno. " +
        "Libera espacio; las aplicaciones de los estudiantes guardan sus mensajes y los envían cuando se pueda guardar otra vez.",
    );
  });

  it("says nothing while saving works or is turned off", () => {
    expect(storageWarning(hosting({ storage: { state: "ok" } }))).toBeNull();
    expect(storageWarning(hosting({ storage: { state: "off" } }))).toBeNull();
    expect(storageWarning(inClassAs(ada))).toBeNull();
  });
});

describe("advertiseFailure", () => {
  it("words why the class is not listed and what would fix it, by the shell's code", () => {
    const failure = advertiseFailure({
      state: "failed",
      reason: "Multicast is blocked…",
      retry_helps: false,
      fix: "Allow mDNS…",
      code: "multicastBlocked",
      params: { interfaces: "eth0", detail: "Operation not permitted" },
    });
    expect(say(failure.reason)).toBe(
      "Multicast is blocked on eth0, so the class cannot be listed (Operation not permitted).",
    );
    expect(sayIn("es")(failure.fix)).toMatch(/^Permite mDNS \(puerto UDP 5353/);
  });

  it("shows the shell's English words when it sends no code", () => {
    const failure = advertiseFailure({ state: "failed", reason: "No network.", retry_helps: true, fix: "Connect." });
    expect([say(failure.reason), say(failure.fix)]).toEqual(["No network.", "Connect."]);
  });
});

describe("advertiseWarnings", () => {
  it("words each interface's doubt by its code", () => {
    const warnings = advertiseWarnings({
      state: "on",
      instance: "Physics 101",
      interfaces: ["eth0 (192.168.1.20)"],
      warnings: ["eth0: no echo"],
      problems: [
        { interface: "eth0", detail: "no echo", blocking: false, code: "noEcho", params: { family: "IPv4", ms: 1500 } },
      ],
    });
    expect(warnings.map(sayIn("es"))).toEqual([
      "eth0: nuestro propio paquete de prueba mDNS IPv4 no volvió en 1500 ms: un firewall puede estar bloqueando " +
        "el mDNS entrante (UDP 5353), y las búsquedas de los estudiantes podrían quedar sin respuesta.",
    ]);
  });
});
