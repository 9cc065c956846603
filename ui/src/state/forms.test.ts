import { describe, expect, it } from "vitest";
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
      address: "Enter the address your teacher shows.",
      name: "Use at most 40 characters.",
      code: "Enter the class code your teacher shows.",
    });
    expect(validateJoin({ address: "10.0.0.2:4455", name: "😀".repeat(40), code: "1" })).toEqual({});
  });

  it("trims what it sends", () => {
    expect(trimmedJoin({ address: " 10.0.0.2:4455 ", name: " Ada ", code: " 482913 " })).toEqual({
      address: "10.0.0.2:4455",
      name: "Ada",
      code: "482913",
    });
  });
});
