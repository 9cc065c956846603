// The pseudo-locale: every English message with its letters accented, about
// 40 % longer, and wrapped in "[!! … !!]". Placeholders and plural/select
// syntax are kept (the message is parsed, only its literal text changes), so
// the pseudo messages format like the English ones. A screen rendered in it
// shows at a glance any text that did not go through the translator, and
// whether the layout survives longer strings.

import {
  type MessageFormatElement,
  TYPE,
  parse,
} from "@formatjs/icu-messageformat-parser";
import { printAST } from "@formatjs/icu-messageformat-parser/printer.js";

export const PSEUDO_OPEN = "[!! ";
export const PSEUDO_CLOSE = " !!]";

const ACCENTED: Record<string, string> = {
  a: "å", b: "ƀ", c: "ç", d: "ð", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "î", j: "ĵ", k: "ķ", l: "ļ", m: "ɱ",
  n: "ñ", o: "ö", p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ţ", u: "û", v: "ṽ", w: "ŵ", x: "ẋ", y: "ý", z: "ž",
  A: "Å", B: "Ɓ", C: "Ç", D: "Ð", E: "É", F: "Ƒ", G: "Ĝ", H: "Ĥ", I: "Î", J: "Ĵ", K: "Ķ", L: "Ļ", M: "Ṁ",
  N: "Ñ", O: "Ö", P: "Þ", Q: "Ǫ", R: "Ŕ", S: "Š", T: "Ţ", U: "Û", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};

function accent(text: string): string {
  return [...text].map((c) => ACCENTED[c] ?? c).join("");
}

/** Literal text lengthened by ~40 % (vowels doubled), accented. */
function stretch(text: string): string {
  const letters = [...text].filter((c) => /\p{L}/u.test(c)).length;
  let extra = Math.ceil(letters * 0.4);
  let out = "";
  for (const c of text) {
    out += accent(c);
    if (extra > 0 && /[aeiouAEIOU]/.test(c)) {
      out += accent(c);
      extra -= 1;
    }
  }
  return extra > 0 ? out + "~".repeat(extra) : out;
}

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    switch (element.type) {
      case TYPE.literal:
        return { ...element, value: stretch(element.value) };
      case TYPE.plural:
      case TYPE.select:
        return {
          ...element,
          options: Object.fromEntries(
            Object.entries(element.options).map(([key, option]) => [key, { ...option, value: transform(option.value) }]),
          ),
        };
      case TYPE.tag:
        return { ...element, children: transform(element.children) };
      default:
        return element;
    }
  });
}

/** One English message in the pseudo-locale. */
export function pseudoMessage(message: string): string {
  return PSEUDO_OPEN + printAST(transform(parse(message))) + PSEUDO_CLOSE;
}

/** A whole catalogue in the pseudo-locale. */
export function pseudoCatalogue<K extends string>(messages: Record<K, string>): Record<K, string> {
  return Object.fromEntries(Object.entries(messages).map(([id, text]) => [id, pseudoMessage(text as string)])) as Record<
    K,
    string
  >;
}
