import { type MessageFormatElement, TYPE, parse } from "@formatjs/icu-messageformat-parser";
import { createIntl } from "react-intl";
import { describe, expect, it } from "vitest";
import { type Locale, type MessageId, pickLocale } from ".";
import { CATALOGUES } from "./catalogues";
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoCatalogue, pseudoMessage } from "./pseudo";

const en = CATALOGUES.en;
const locales = Object.keys(CATALOGUES) as Locale[];

/** The argument names a message uses, with their kinds (plural, select, …). */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        out.add(element.value);
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        out.add(`${element.value}:${element.type}`);
        break;
      case TYPE.plural:
      case TYPE.select:
        out.add(`${element.value}:${element.type}`);
        for (const option of Object.values(element.options)) argumentsOf(option.value, out);
        break;
      case TYPE.tag:
        argumentsOf(element.children, out);
        break;
      default:
        break;
    }
  }
  return out;
}

function intlFor(locale: Locale) {
  return createIntl({ locale, messages: CATALOGUES[locale] });
}

describe("catalogues", () => {
  it.each(locales)("%s has exactly the English keys", (locale) => {
    const keys = Object.keys(CATALOGUES[locale]).sort();
    const missing = Object.keys(en).filter((k) => !(k in CATALOGUES[locale]));
    const extra = keys.filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(locales)("%s messages parse and use the same placeholders as English", (locale) => {
    const problems: string[] = [];
    for (const [id, message] of Object.entries(CATALOGUES[locale])) {
      const source = en[id as MessageId];
      try {
        const theirs = [...argumentsOf(parse(message))].sort();
        const ours = [...argumentsOf(parse(source))].sort();
        if (theirs.join() !== ours.join()) problems.push(`${id}: ${theirs.join()} vs ${ours.join()}`);
      } catch (err) {
        problems.push(`${id}: ${String(err)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("no translation is left in English by mistake", () => {
    const same = Object.entries(CATALOGUES.es).filter(
      ([id, message]) => message === en[id as MessageId] && /[a-z]{4,}/i.test(message.replace(/\{[^}]*\}/g, "")),
    );
    // Words that are the same in both languages.
    const allowed = new Set(["home.title", "chat.tabChat", "history.formatMarkdown", "history.formatCsv", "history.formatJson"]);
    expect(same.map(([id]) => id).filter((id) => !allowed.has(id))).toEqual([]);
  });
});

describe("plurals and numbers", () => {
  it("counts students in English and Spanish", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    const students = (intl: typeof en, n: number) => intl.formatMessage({ id: "class.studentsJoined" }, { students: n, online: 1 });
    expect(students(en, 1)).toBe("1 student joined · 1 online");
    expect(students(en, 2)).toBe("2 students joined · 1 online");
    expect(students(es, 1)).toBe("1 estudiante se unió · 1 en línea");
    expect(students(es, 2)).toBe("2 estudiantes se unieron · 1 en línea");
    expect(students(es, 0)).toBe("0 estudiantes se unieron · 1 en línea");
  });

  it("words unread messages and characters over the limit with the language's plural rules", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "chat.openUnread" }, { unread: 1 })).toBe("Open chat, 1 unread message");
    expect(es.formatMessage({ id: "chat.openUnread" }, { unread: 3 })).toBe("Abrir el chat, 3 mensajes sin leer");
    expect(es.formatMessage({ id: "chat.tooLongBy" }, { over: 1 })).toBe("1 carácter de más");
    expect(en.formatMessage({ id: "refusal.tooLongMax" }, { max: 2000 })).toBe("Messages can have at most 2,000 characters.");
    expect(es.formatMessage({ id: "refusal.tooLongMax" }, { max: 2000 })).toBe(
      "Los mensajes pueden tener como máximo 2000 caracteres.",
    );
  });
});

describe("running the room", () => {
  it("counts raised hands and minutes waited with each language's plural rules", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "room.handsCount" }, { count: 1 })).toBe("1 raised hand");
    expect(en.formatMessage({ id: "room.handsCount" }, { count: 3 })).toBe("3 raised hands");
    expect(es.formatMessage({ id: "room.handsCount" }, { count: 1 })).toBe("1 mano levantada");
    expect(es.formatMessage({ id: "room.handsCount" }, { count: 3 })).toBe("3 manos levantadas");
    expect(en.formatMessage({ id: "room.waited" }, { minutes: 0 })).toBe("just now");
    expect(es.formatMessage({ id: "room.waited" }, { minutes: 0 })).toBe("ahora mismo");
    expect(es.formatMessage({ id: "room.waited" }, { minutes: 12 })).toBe("12 min");
  });
});

describe("deleting and pinning messages", () => {
  it("words the delete window with each language's plural rules", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "refusal.deleteExpiredWindow" }, { minutes: 1 })).toContain("within 1 minute of sending");
    expect(en.formatMessage({ id: "refusal.deleteExpiredWindow" }, { minutes: 2 })).toContain("within 2 minutes of sending");
    expect(es.formatMessage({ id: "refusal.deleteExpiredWindow" }, { minutes: 1 })).toContain("durante 1 minuto después");
    expect(es.formatMessage({ id: "refusal.deleteExpiredWindow" }, { minutes: 2 })).toContain("durante 2 minutos después");
  });

  it("names the sender in the labels of a message's buttons", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "messages.deleteFrom" }, { name: "Ada" })).toBe("Delete message from Ada");
    expect(es.formatMessage({ id: "messages.deleteFrom" }, { name: "Ada" })).toBe("Eliminar el mensaje de Ada");
    expect(en.formatMessage({ id: "messages.removed" })).toBe("Message removed");
    expect(es.formatMessage({ id: "messages.removed" })).toBe("Mensaje eliminado");
  });
});

describe("renaming and the name filter", () => {
  it("says a rename and the name rules in both languages", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "names.announceRenamed" }, { old: "Ada", name: "Ana" })).toBe("Ada is now called Ana");
    expect(es.formatMessage({ id: "names.announceRenamed" }, { old: "Ada", name: "Ana" })).toBe("Ada ahora se llama Ana");
    expect(en.formatMessage({ id: "names.renameName" }, { name: "Ada" })).toBe("Rename Ada");
    expect(es.formatMessage({ id: "names.renameName" }, { name: "Ada" })).toBe("Cambiar nombre de Ada");
    expect(en.formatMessage({ id: "names.newNameHint" }, { max: 1 })).toMatch(/^Up to 1 character\. /);
    expect(es.formatMessage({ id: "names.newNameHint" }, { max: 40 })).toMatch(/^Hasta 40 caracteres\. /);
  });

  it("words a name refused on joining for every reason the hub has, with the limit", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "refusal.invalidName" }, { max: 40 })).toBe(
      "That name cannot be used in this class. Please join with your own name: up to 40 characters, without invisible characters.",
    );
    expect(es.formatMessage({ id: "refusal.invalidName" }, { max: 1 })).toContain("hasta 1 carácter,");
    expect(en.formatMessage({ id: "room.nameFilter" })).toBe("Refuse offensive names");
    expect(es.formatMessage({ id: "room.nameFilter" })).toBe("Rechazar nombres ofensivos");
  });
});

describe("reactions", () => {
  it("count reactions with each language's plural rules, this user's own said", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    const chip = (intl: typeof en, id: "reactions.chip" | "reactions.chipYours", count: number) =>
      intl.formatMessage({ id }, { name: intl.formatMessage({ id: "reactions.thumbsUp" }), count });
    expect(chip(en, "reactions.chip", 1)).toBe("Thumbs up: 1 reaction");
    expect(chip(en, "reactions.chip", 3)).toBe("Thumbs up: 3 reactions");
    expect(chip(en, "reactions.chipYours", 1)).toBe("Thumbs up: 1 reaction, yours");
    expect(chip(en, "reactions.chipYours", 3)).toBe("Thumbs up: 3 reactions, including yours");
    expect(chip(es, "reactions.chip", 1)).toBe("Pulgar arriba: 1 reacción");
    expect(chip(es, "reactions.chip", 1200)).toBe("Pulgar arriba: 1200 reacciones");
    expect(chip(es, "reactions.chipYours", 1)).toBe("Pulgar arriba: 1 reacción, la tuya");
    expect(chip(es, "reactions.chipYours", 2)).toBe("Pulgar arriba: 2 reacciones, incluida la tuya");
  });

  it("name the teacher's switch in both languages", () => {
    const [en, es] = [intlFor("en"), intlFor("es")];
    expect(en.formatMessage({ id: "room.reactions" })).toBe("Allow reactions");
    expect(es.formatMessage({ id: "room.reactions" })).toBe("Permitir reacciones");
  });
});

describe("dates and times", () => {
  const at = new Date(2026, 2, 3, 14, 5);
  it("writes times the way each language does", () => {
    expect(intlFor("en").formatTime(at, { hour: "2-digit", minute: "2-digit" })).toBe("02:05 PM");
    expect(intlFor("es").formatTime(at, { hour: "2-digit", minute: "2-digit" })).toBe("14:05");
  });
  it("writes dates the way each language does", () => {
    expect(intlFor("en").formatDate(at, { day: "numeric", month: "long", year: "numeric" })).toBe("March 3, 2026");
    expect(intlFor("es").formatDate(at, { day: "numeric", month: "long", year: "numeric" })).toBe("3 de marzo de 2026");
  });
});

describe("choosing the language", () => {
  it("takes the first system language the UI speaks, else English", () => {
    expect(pickLocale(["es-MX", "en-US"])).toBe("es");
    expect(pickLocale(["fr-FR", "es_AR"])).toBe("es");
    expect(pickLocale(["de-DE"])).toBe("en");
    expect(pickLocale([])).toBe("en");
  });
});

describe("the pseudo-locale", () => {
  it("wraps, accents and lengthens text, and keeps placeholders and plurals working", () => {
    const pseudo = pseudoMessage("{count, plural, one {# new message} other {# new messages}}");
    expect(pseudo.startsWith(PSEUDO_OPEN) && pseudo.endsWith(PSEUDO_CLOSE)).toBe(true);
    const intl = createIntl({ locale: "en", messages: { x: pseudo } });
    const two = intl.formatMessage({ id: "x" }, { count: 2 });
    expect(two).toMatch(/^\[!! 2 ñéé?ŵ ɱéé?ššåå?ĝéé?š~* !!\]$/u);
    const long = pseudoMessage("Students will not see this class in their list.");
    expect([...long].length).toBeGreaterThan(1.4 * 48);
    expect(Object.keys(pseudoCatalogue(en))).toEqual(Object.keys(en));
  });
});
