import { describe, expect, it } from "vitest";
import type { ClassEvent } from "../api";
import { text } from "../i18n";
import { discovered } from "../test/fixtures";
import { say, sayIn, shellError } from "../test/i18n";
import { canJoin, classNote, discoveryReducer, findClass, initialDiscovery, type DiscoveryState } from "./discovery";

const physics = discovered("Mrs. Núñez — Physics 101");
const chemistry = discovered("Mr. Ortiz — Chemistry 2", { code_required: false });
const future = discovered("Robot — Future", { compatibility: "needs_newer_app", protocol: 2 });

function play(...events: ClassEvent[]): DiscoveryState {
  return events.reduce((s, event) => discoveryReducer(s, { type: "event", event }), initialDiscovery);
}

const names = (s: DiscoveryState) => s.classes.map((c) => c.name);

describe("the list of classes on the network", () => {
  it("starts from the snapshot and follows appeared, updated and removed", () => {
    let s = play({ kind: "snapshot", data: [physics] });
    expect(names(s)).toEqual(["Mrs. Núñez — Physics 101"]);
    expect(s.searching).toBe(true);

    s = discoveryReducer(s, { type: "event", event: { kind: "appeared", data: chemistry } });
    expect(names(s)).toEqual(["Mr. Ortiz — Chemistry 2", "Mrs. Núñez — Physics 101"]);

    const moved = { ...physics, addresses: ["10.0.0.9"] };
    s = discoveryReducer(s, { type: "event", event: { kind: "updated", data: moved } });
    expect(s.classes).toHaveLength(2);
    expect(findClass(s, physics.id)?.addresses).toEqual(["10.0.0.9"]);

    // Events name a class by its DNS-SD name, which is case-insensitive.
    const gone = { ...chemistry, id: chemistry.id.toUpperCase() };
    s = discoveryReducer(s, { type: "event", event: { kind: "removed", data: gone } });
    expect(names(s)).toEqual(["Mrs. Núñez — Physics 101"]);
    expect(discoveryReducer(s, { type: "event", event: { kind: "removed", data: future } })).toBe(s);
  });

  it("lists classes this app cannot join last, not hidden", () => {
    const s = play({ kind: "snapshot", data: [future, physics, chemistry] });
    expect(names(s)).toEqual(["Mr. Ortiz — Chemistry 2", "Mrs. Núñez — Physics 101", "Robot — Future"]);
    expect(canJoin(future)).toBe(false);
    expect(classNote(future)).toEqual(text("home.noteNewerApp"));
    expect(say(classNote(future))).toBe("Needs a newer app");
  });

  it("says why a class is not joinable yet, and what a code-free class needs", () => {
    expect(classNote(physics)).toEqual(text("home.noteCodeRequired"));
    expect(say(classNote(physics))).toBe("Code required");
    expect(say(classNote(chemistry))).toBe("No code needed");
    expect(sayIn("es")(classNote(chemistry))).toBe("Sin código");
    expect(classNote(discovered("Old — Hub", { code_required: null }))).toBeNull();
    const linkLocalOnly = discovered("A — B", { addresses: ["fe80::2"] });
    expect(canJoin(linkLocalOnly)).toBe(false);
    expect(classNote(linkLocalOnly)).toEqual(text("home.noteFindingAddress"));
    expect(say(classNote(linkLocalOnly))).toBe("Finding its address…");
    expect(canJoin(physics)).toBe(true);
  });

  it("keeps the reason when the search stops or cannot start, and a new snapshot clears it", () => {
    let s = play({ kind: "snapshot", data: [physics] }, { kind: "stopped", data: { reason: "the mDNS service stopped" } });
    expect(s.searching).toBe(false);
    expect(say(s.problem)).toBe("the mDNS service stopped");
    const coded = play({ kind: "stopped", data: { reason: "the mDNS service stopped", code: "daemonStopped" } });
    expect(sayIn("es")(coded.problem)).toBe(
      "La búsqueda de clases en la red se detuvo. Escribe la dirección que muestra tu docente.",
    );
    expect(names(s)).toEqual(["Mrs. Núñez — Physics 101"]);
    s = discoveryReducer(s, { type: "event", event: { kind: "snapshot", data: [] } });
    expect(s).toEqual(initialDiscovery);
    s = discoveryReducer(s, { type: "failed", message: shellError("Cannot look for classes on this network.") });
    expect(s).toMatchObject({ classes: [], searching: false });
    expect(say(s.problem)).toBe("Cannot look for classes on this network.");
  });

  it("finds the picked class while it is listed", () => {
    const s = play({ kind: "snapshot", data: [physics] });
    expect(findClass(s, physics.id.toUpperCase())).toEqual(physics);
    expect(findClass(s, null)).toBeNull();
    expect(findClass(s, chemistry.id)).toBeNull();
  });
});
