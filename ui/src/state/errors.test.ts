import { describe, expect, it } from "vitest";
import { type AppErrorCode, toCommandError } from "../api";
import { APP_ERROR_PARAMS } from "../api/generated/constants";
import { CATALOGUES } from "../i18n/catalogues";
import { say, sayIn } from "../test/i18n";
import { errorText } from "./errors";

const spanish = sayIn("es");

describe("errorText", () => {
  it("words a shell error by its code and params, in the user's language", () => {
    const error = toCommandError({
      kind: "invalidInput",
      message: "“nope” is not an address. Type the teacher's address, like 192.168.1.20:4455.",
      code: "badAddress",
      params: { address: "nope" },
    });
    expect(say(errorText(error))).toBe("“nope” is not an address. Type the teacher's address, like 192.168.1.20:4455.");
    expect(spanish(errorText(error))).toBe(
      "«nope» no es una dirección. Escribe la dirección del docente, por ejemplo 192.168.1.20:4455.",
    );
    const full = toCommandError({ kind: "io", message: "2 messages…", code: "outboxFull", params: { count: 1 } });
    expect(spanish(errorText(full))).toBe("1 mensaje espera para enviarse. Espera a que vuelva la conexión.");
  });

  it("words a refused join by the protocol's code, as any refusal", () => {
    const error = toCommandError({
      kind: "io",
      message: "The class refused…",
      code: "joinRefused",
      params: { reason: "bad_code", detail: "That class code is not right." },
    });
    expect(spanish(errorText(error))).toBe("Ese código de clase no es correcto. Verifícalo con tu docente.");
  });

  it("shows what Tauri itself says (no code) as it is", () => {
    expect(say(errorText(toCommandError("Command start_poll not allowed by ACL")))).toBe(
      "Command start_poll not allowed by ACL",
    );
    // An unknown code from a newer shell falls back to its sentence too.
    const newer = toCommandError({ kind: "io", message: "Something new.", code: "fromTheFuture", params: {} });
    expect(say(errorText(newer))).toBe("Something new.");
  });

  it("has a sentence for every code, using exactly the params the shell sends", () => {
    for (const [code, params] of Object.entries(APP_ERROR_PARAMS) as [AppErrorCode, readonly string[]][]) {
      for (const locale of ["en", "es"] as const) {
        const message = (CATALOGUES[locale] as Record<string, string>)[`error.${code}`];
        expect(message, `${locale} error.${code}`).toBeDefined();
        const used = [...(message ?? "").matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
        // A refused join is worded by its reason's own sentence.
        const expected = [...params].filter((p) => !(code === "joinRefused" && p === "reason")).sort();
        expect(used, `${locale} error.${code}`).toEqual(expected);
      }
    }
  });
});
