import { describe, expect, it } from "vitest";
import { discovered } from "../test/fixtures";
import { trimmedJoin, validateHost, validateJoin } from "./forms";

describe("form checks", () => {
  it("asks for every field of the start form", () => {
    expect(validateHost({ class: " ", teacher: "" })).toEqual({
      class: "Enter a name for the class.",
      teacher: "Enter your name.",
    });
    expect(validateHost({ class: "Physics", teacher: "Mrs. Núñez" })).toEqual({});
  });

  it("asks for every field of the join form and limits names to 40 characters", () => {
    expect(validateJoin({ address: "", name: "x".repeat(41), code: "" })).toEqual({
      address: "Pick your class above, or enter the address your teacher shows.",
      name: "Use at most 40 characters.",
      code: "Enter the class code your teacher shows.",
    });
    expect(validateJoin({ address: "10.0.0.2:4455", name: "😀".repeat(40), code: "1" })).toEqual({});
  });

  it("needs no address for a class picked from the list, and no code when it says so", () => {
    const physics = discovered("Mrs. Núñez — Physics 101");
    expect(validateJoin({ address: "", name: "Ada", code: "", class: physics })).toEqual({
      code: "Enter the class code your teacher shows.",
    });
    const open = discovered("Mr. Ortiz — Chemistry 2", { code_required: false });
    expect(validateJoin({ address: "", name: "Ada", code: "", class: open })).toEqual({});
    // Unknown (an older hub's record): ask for the code to be safe.
    const unknown = discovered("Old — Hub", { code_required: null });
    expect(validateJoin({ address: "", name: "Ada", code: "", class: unknown })).toEqual({
      code: "Enter the class code your teacher shows.",
    });
    expect(trimmedJoin({ address: "", name: " Ada ", code: " 1 ", class: physics })).toEqual({
      address: "",
      name: "Ada",
      code: "1",
      class: physics,
    });
  });

  it("trims what it sends", () => {
    expect(trimmedJoin({ address: " 10.0.0.2:4455 ", name: " Ada ", code: " 482913 " })).toEqual({
      address: "10.0.0.2:4455",
      name: "Ada",
      code: "482913",
    });
  });
});
