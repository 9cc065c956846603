// Every :hover rule of the app's style sheets is inside `@media (hover: hover)`
// (or only styles what focus shows too): on a touch screen a tapped control
// otherwise keeps its hover look until the next tap elsewhere.

import { describe, expect, it } from "vitest";

interface Fs {
  readFileSync(path: string, encoding: "utf8"): string;
  readdirSync(path: string, options: { recursive: true }): string[];
}

/** Selectors with :hover outside a (hover: hover) block, as "file: selector". */
function strayHovers(file: string, css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const stray: string[] = [];
  // The at-rules enclosing the current position, innermost last.
  const within: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") {
      const head = text.slice(start, i).trim();
      const parts = head.split(",").map((part) => part.trim());
      const hovering = within.some((at) => at.startsWith("@media") && at.includes("(hover: hover)"));
      // A list that also names a focus state styles what the keyboard sees too.
      const withFocus = parts.some((part) => !part.includes(":hover"));
      if (!head.startsWith("@") && head.includes(":hover") && !hovering && !withFocus) stray.push(`${file}: ${head}`);
      within.push(head);
      start = i + 1;
    } else if (c === "}") {
      within.pop();
      start = i + 1;
    } else if (c === ";") {
      start = i + 1;
    }
  }
  return stray;
}

describe("hover styles", async () => {
  const fs = (await import(/* @vite-ignore */ `node:${"fs"}`)) as Fs;
  const here = import.meta.url;
  const src = decodeURIComponent(new URL("..", here).pathname);
  const sheets = fs.readdirSync(src, { recursive: true }).filter((path) => path.endsWith(".css"));

  it("finds the style sheets", () => {
    expect(sheets.length).toBeGreaterThan(10);
  });

  it("are only for pointers that hover", () => {
    const stray = sheets.flatMap((path) => strayHovers(path, fs.readFileSync(src + path, "utf8")));
    expect(stray).toEqual([]);
  });

  it("tells a stray one (the check itself)", () => {
    expect(strayHovers("a.css", ".b:hover { color: red; }")).toEqual(["a.css: .b:hover"]);
    expect(strayHovers("a.css", "@media (hover: hover) { .b:hover { color: red; } }")).toEqual([]);
    expect(strayHovers("a.css", ".b:hover, .b:focus-visible { color: red; }")).toEqual([]);
  });
});
