import { describe, expect, it } from "vitest";
import { text } from "../i18n";
import { discovered } from "../test/fixtures";
import { say, sayIn } from "../test/i18n";
import { trimmedJoin, validateHost, validateJoin } from "./forms";

describe("form checks", () => {
  it("asks for every field of the start form", () => {
    const problems = validateHost({ class: " ", teacher: "" });
    expect(problems).toEqual({
      class: text("home.classNameMissing"),
      teacher: text("home.yourNameMissing"),
    });
    expect(say(problems.class)).toBe("Enter a name for the class.");
    expect(say(problems.teacher)).toBe("Enter your name.");
    expect(validateHost({ class: "Physics", teacher: "Mrs. Núñez" })).toEqual({});
  });

  it("asks for every field of the join form and limits names to 40 characters", () => {
    const problems = validateJoin({ address: "", name: "x".repeat(41), code: "" });
    expect(problems).toEqual({
      address: text("home.addressMissing"),
      name: text("home.nameTooLong", { max: 40 }),
      code: text("home.codeMissing"),
    });
    expect(say(problems.address)).toBe("Pick your class above, or enter the address your teacher shows.");
    expect(say(problems.name)).toBe("Use at most 40 characters.");
    expect(say(problems.code)).toBe("Enter the class code your teacher shows.");
    expect(sayIn("es")(problems.name)).toBe("Usa como máximo 40 caracteres.");
    expect(sayIn("es")(text("home.nameTooLong", { max: 1 }))).toBe("Usa como máximo 1 carácter.");
    expect(validateJoin({ address: "10.0.0.2:4455", name: "😀".repeat(40), code: "1" })).toEqual({});
  });

  it("needs no address for a class picked from the list, and no code when it says so", () => {
    const physics = discovered("Mrs. Núñez — Physics 101");
    expect(validateJoin({ address: "", name: "Ada", code: "", class: physics })).toEqual({
      code: text("home.codeMissing"),
    });
    const open = discovered("Mr. Ortiz — Chemistry 2", { code_required: false });
    expect(validateJoin({ address: "", name: "Ada", code: "", class: open })).toEqual({});
    // Unknown (an older hub's record): ask for the code to be safe.
    const unknown = discovered("Old — Hub", { code_required: null });
    expect(validateJoin({ address: "", name: "Ada", code: "", class: unknown })).toEqual({
      code: text("home.codeMissing"),
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
