// Names as the class shows them after the teacher renames a student, and
// the Rename dialog's state, through the reducer (fixtures: the teacher p_1,
// Ada p_2, Bo p_3; Cy p_4 is not on the list).

import { describe, expect, it } from "vitest";
import { MAX_NAME_CHARS } from "../api";
import { ada, bo, cy, entry, ev, inClassAs, run, teacher } from "../test/fixtures";
import { say, sayIn, t } from "../test/i18n";
import type { ClassroomState } from "./classroom";
import { pinnedMessage } from "./messageEditsView";
import { currentName } from "./names";
import { checkRename, normalName, renameDialog } from "./namesView";
import { notificationFor } from "./notifications";
import { handQueue } from "./roomView";
import { chatMessages, participantList } from "./view";

/** The sender shown on each chat line. */
function senders(state: ClassroomState): string[] {
  return chatMessages(state).map((line) => (line.kind === "message" ? line.sender : "-"));
}

/** The teacher with the Rename dialog open for Ada. */
function renamingAda(): ClassroomState {
  return run(inClassAs(teacher), { type: "tabSelected", tab: "participants" }, { type: "rename", id: ada.id });
}

describe("names shown after a rename", () => {
  it("shows every message by its sender's current name, earlier ones too", () => {
    const before = run(inClassAs(teacher), ev.message(entry(1, ada, "Hi")), ev.message(entry(2, bo, "Hello")));
    expect(senders(before)).toEqual(["Ada", "Bo"]);
    const after = run(before, ev.renamed(ada, "Ana"), ev.message(entry(3, { ...ada, name: "Ana" }, "Again")));
    expect(senders(after)).toEqual(["Ana", "Bo", "Ana"]);
    // Lines whose sender kept their name keep their view (no re-render).
    expect(chatMessages(after)[1]).toBe(chatMessages(before)[1]);
    expect(chatMessages(after)[0]).not.toBe(chatMessages(before)[0]);
  });

  it("falls back to the name a message carries when its sender is not on the list", () => {
    const s = run(inClassAs(teacher), ev.message(entry(1, cy, "I was here")), ev.left(bo.id, "removed"), ev.message(entry(2, bo, "Bye")));
    expect(senders(s)).toEqual(["Cy", "Bo"]);
    expect(currentName(s.participants, { id: "p_9", name: "Old name" })).toBe("Old name");
  });

  it("shows the pin, the hand queue and a new message's announcement by the current name", () => {
    const s = run(
      inClassAs(teacher),
      ev.room({ hands: [{ id: ada.id, at: "2026-12-02T09:10:00.000Z" }] }),
      ev.message(entry(1, ada, "Pin me")),
      ev.pinned(entry(1, ada, "Pin me")),
      ev.renamed(ada, "Ana"),
    );
    expect(pinnedMessage(s)?.sender).toBe("Ana");
    expect(handQueue(s, Date.parse("2026-12-02T09:10:00.000Z")).map((h) => h.name)).toEqual(["Ana"]);
    // An entry still carrying the old name (sent before the rename, delivered after) is announced by the new one.
    const next = run(s, ev.message(entry(2, ada, "Late")));
    expect(say(next.announcement?.text)).toBe("Ana: Late");
  });

  it("names the sender of a notification as they are called now, else as the message says", () => {
    const names = new Map([[ada.id, "Ana"]]);
    const nameOf = (id: string) => names.get(id);
    expect(notificationFor([entry(1, ada, "Hi")], "Physics 101", t, nameOf)).toEqual({ title: "Ana", body: "Hi" });
    expect(notificationFor([entry(1, bo, "Hi")], "Physics 101", t, nameOf)).toEqual({ title: "Bo", body: "Hi" });
    expect(notificationFor([entry(1, bo, "a"), entry(2, ada, "b")], "Physics 101", t, nameOf).body).toBe("Ana: b");
  });

  it("tells screen readers of the new name, in both languages", () => {
    const s = run(inClassAs(teacher), ev.renamed(ada, "Ana"));
    expect(say(s.announcement?.text)).toBe("Ada is now called Ana");
    expect(sayIn("es")(s.announcement?.text)).toBe("Ada ahora se llama Ana");
    expect(participantList(s).map((p) => p.name)).toContain("Ana");
  });

  it("tells the renamed student it is their name, and shows it as theirs", () => {
    const s = run(inClassAs(ada), ev.renamed(ada, "Ana"));
    expect(s.you?.name).toBe("Ana");
    expect(say(s.announcement?.text)).toBe("The teacher changed your name to Ana");
    expect(sayIn("es")(s.announcement?.text)).toBe("El docente cambió tu nombre a Ana");
  });

  it("says nothing when a record changes without a new name (online again), nor for someone joining", () => {
    const s = run(inClassAs(teacher), ev.message(entry(1, bo, "Hi")));
    const back = run(s, ev.participant({ ...ada, online: false }), ev.participant({ ...ada, online: true }), ev.participant({ ...cy, online: true }));
    expect(back.announcement).toEqual(s.announcement);
  });
});

describe("the Rename dialog's state", () => {
  it("opens for a student with their name, waits once saved, and closes when the class has the new name", () => {
    const open = renamingAda();
    expect(renameDialog(open)).toMatchObject({ id: ada.id, name: "Ada", busy: false, error: null, disabled: false, maxChars: MAX_NAME_CHARS });
    const sent = run(open, { type: "renameSent" });
    expect(renameDialog(sent)?.busy).toBe(true);
    // Ada going offline and back is not the rename.
    const same = run(sent, ev.participant({ ...ada, online: false }));
    expect(renameDialog(same)?.busy).toBe(true);
    const done = run(same, ev.renamed(ada, "Ana"));
    expect(renameDialog(done)).toBeNull();
    expect(done.rename.id).toBeNull();
  });

  it("says a refused name in the dialog, in the rename's words, and lets the teacher try again", () => {
    const refused = run(renamingAda(), { type: "renameSent" }, ev.refused(null, "name_taken", "“Bo” is taken in this class (or not allowed). Pick another name."));
    const view = renameDialog(refused);
    expect(view?.busy).toBe(false);
    expect(say(view?.error)).toBe("Someone in this class already has that name, or it is banned here. Pick another name.");
    expect(sayIn("es")(view?.error)).toBe("Alguien en esta clase ya tiene ese nombre, o ese nombre está bloqueado aquí. Elige otro nombre.");
    expect(refused.notice).toBeNull();

    const invalid = run(renamingAda(), { type: "renameSent" }, ev.refused(null, "invalid_name", "A student's name cannot contain the word “teacher”."));
    expect(say(renameDialog(invalid)?.error)).toBe(
      "That name cannot be used. A student's name has 1 to 40 characters others can see, and cannot contain your name or words such as “teacher”.",
    );
    expect(sayIn("es")(renameDialog(invalid)?.error)).toContain("Ese nombre no se puede usar.");
    // Saving again clears it.
    expect(renameDialog(run(invalid, { type: "renameSent" }))?.error).toBeNull();
  });

  it("says a student gone in the dialog while a rename is on its way, and as a notice otherwise", () => {
    const gone = run(renamingAda(), { type: "renameSent" }, ev.refused(null, "unknown_participant", "No such participant."));
    expect(say(renameDialog(gone)?.error)).toBe("That participant is no longer in the class.");
    const other = run(renamingAda(), ev.refused(null, "unknown_participant", "No such participant."));
    expect(renameDialog(other)?.error).toBeNull();
    expect(say(other.notice)).toBe("That participant is no longer in the class.");
  });

  it("says a rename refused after the dialog closed as a notice, still in the rename's words", () => {
    const s = run(renamingAda(), { type: "renameSent" }, { type: "rename", id: null }, ev.refused(null, "name_taken", "taken"));
    expect(renameDialog(s)).toBeNull();
    expect(say(s.notice)).toBe("Someone in this class already has that name, or it is banned here. Pick another name.");
  });

  it("stops waiting when the connection drops, and closes when the class does", () => {
    const dropped = run(renamingAda(), { type: "renameSent" }, ev.reconnecting(1));
    expect(renameDialog(dropped)).toMatchObject({ busy: false, disabled: true });
    expect(say(renameDialog(dropped)?.error)).toContain("The connection to the class was lost");
    const back = run(dropped, ev.connected());
    expect(renameDialog(back)?.disabled).toBe(false);
    expect(renameDialog(run(back, ev.closed("ended")))).toBeNull();
  });

  it("closes when the student is removed, the tab changes or the panel closes", () => {
    expect(renameDialog(run(renamingAda(), ev.left(ada.id, "removed")))).toBeNull();
    expect(renameDialog(run(renamingAda(), ev.left(ada.id, "left")))).not.toBeNull();
    expect(renameDialog(run(renamingAda(), { type: "tabSelected", tab: "chat" }))).toBeNull();
    expect(renameDialog(run(renamingAda(), { type: "panelToggled", open: false }))).toBeNull();
  });

  it("is the teacher's alone: a student's list has no Rename, and their state no dialog", () => {
    const student = run(inClassAs(ada), { type: "rename", id: bo.id });
    expect(renameDialog(student)).toBeNull();
    expect(participantList(student).some((p) => p.renamable)).toBe(false);
    const asTeacher = participantList(inClassAs(teacher));
    expect(asTeacher.map((p) => [p.name, p.renamable])).toEqual([
      ["Mrs. Núñez", false],
      ["Ada", true],
      ["Bo", true],
    ]);
  });
});

describe("what Save does with the typed name", () => {
  it("sends it trimmed", () => {
    expect(checkRename("  Ana María ", "Ada")).toEqual({ kind: "rename", name: "Ana María" });
  });

  it("sends nothing for the name they have, however spaced or written (the hub would not answer)", () => {
    expect(checkRename("Ada", "Ada")).toEqual({ kind: "unchanged" });
    expect(checkRename("  Ada  ", "Ada")).toEqual({ kind: "unchanged" });
    expect(checkRename("Ada  Lovelace", "Ada Lovelace")).toEqual({ kind: "unchanged" });
    // Full-width letters are the plain ones to the hub (NFKC).
    expect(checkRename("Ａｄａ", "Ada")).toEqual({ kind: "unchanged" });
    expect(normalName(" a\u00a0 b ")).toBe("a b");
    // Another case is another name: the hub renames.
    expect(checkRename("ada", "Ada")).toEqual({ kind: "rename", name: "ada" });
  });

  it("points out an empty or too long name before sending", () => {
    const empty = checkRename("   ", "Ada");
    expect(empty.kind === "problem" && say(empty.problem)).toBe("Enter the student's new name.");
    const long = checkRename("x".repeat(MAX_NAME_CHARS + 1), "Ada");
    expect(long.kind === "problem" && sayIn("es")(long.problem)).toBe(`Usa como máximo ${MAX_NAME_CHARS} caracteres.`);
    // Counted in characters, not UTF-16 units.
    expect(checkRename("😀".repeat(MAX_NAME_CHARS), "Ada").kind).toBe("rename");
  });
});
