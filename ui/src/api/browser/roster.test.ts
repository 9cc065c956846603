import { describe, expect, it } from "vitest";
import { MAX_ID_BYTES, MAX_NAME_BYTES, Roster, utf8Length } from "./roster";
import { person } from "./testing";

describe("Roster", () => {
  it("keeps at most max, and a removal makes room", () => {
    const roster = new Roster(3);
    const kept = roster.replace([person("p_2", "Ada"), person("p_1", "T"), person("p_3", "Bo"), person("p_4", "Cy")]);
    expect(kept.map((p) => p.id)).toEqual(["p_2", "p_1", "p_3"]);
    expect(roster.admit(person("p_5", "Dee"))).toBe(false);
    expect(roster.admit(person("p_3", "Bo"))).toBe(true);
    expect(roster.left("p_1", "timeout")).toBe(true);
    expect(roster.admit(person("p_5", "Dee"))).toBe(false);
    expect(roster.left("p_3", "removed")).toBe(true);
    expect(roster.knows("p_3")).toBe(false);
    expect(roster.admit(person("p_5", "Dee"))).toBe(true);
    expect(roster.left("p_9", "left")).toBe(false);
  });

  it("takes no record over the sizes", () => {
    const roster = new Roster(10);
    expect(roster.admit(person("p_2", "é".repeat(MAX_NAME_BYTES / 2)))).toBe(true);
    expect(roster.admit(person("p_3", "N".repeat(MAX_NAME_BYTES + 1)))).toBe(false);
    expect(roster.admit(person(`p_${"9".repeat(MAX_ID_BYTES)}`, "Bo"))).toBe(false);
    expect(roster.admit(person("p_2", "N".repeat(MAX_NAME_BYTES + 1)))).toBe(false);
    expect(roster.knows("p_2")).toBe(true);
  });

  it("counts UTF-8 bytes", () => {
    expect(["a", "é", "€", "👍"].map(utf8Length)).toEqual([1, 2, 3, 4]);
  });
});
