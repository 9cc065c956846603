// Home and Past classes in another language: the chooser on Home (its
// choice remembered for the next start), and the Spanish screens with their
// plurals and dates. jsdom starts in en-US; test/setup.ts forgets the choice
// before each test.

import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "./api";
import { App } from "./App";
import { discovered, localDay, past, summary } from "./test/fixtures";
import { browsing, emitClasses } from "./test/apiMock";

vi.mock("./api", async (original) => (await import("./test/apiMock")).apiMock(await original()));

const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
});

/** Intl's times may hold narrow no-break spaces: compare with plain ones. */
const plain = (element: HTMLElement) => (element.textContent ?? "").replace(/\s+/gu, " ");

describe("the language chooser on Home", () => {
  it("lists each language in its own name, starting in the system's (English here)", async () => {
    render(<App />);
    const chooser = screen.getByRole("combobox", { name: "Language" });
    expect(chooser).toHaveValue("en");
    const options = within(chooser).getAllByRole("option");
    expect(options.map((o) => [o.textContent, o.getAttribute("lang")])).toEqual([
      ["English", "en"],
      ["Español", "es"],
    ]);
    await waitFor(() => expect(mocked.pastClasses).toHaveBeenCalled());
  });

  it("switches Home to Spanish at once, and the choice survives a new start", async () => {
    const user = userEvent.setup();
    const { unmount } = render(<App />);
    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "Español");

    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("es");
    expect(screen.getByRole("heading", { name: "Iniciar una clase" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Unirse a una clase" })).toBeInTheDocument();
    expect(screen.getByText("Un chat para tu clase, en tu propia red.")).toBeInTheDocument();
    expect(screen.getByLabelText("Dirección del docente")).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("es");
    expect(localStorage.getItem("classroom.locale")).toBe("es");

    unmount();
    render(<App />);
    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("es");
    expect(screen.getByRole("heading", { name: "Iniciar una clase" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Start a class" })).toBeNull();

    // And back.
    await user.selectOptions(screen.getByRole("combobox", { name: "Idioma" }), "English");
    expect(screen.getByRole("heading", { name: "Start a class" })).toBeInTheDocument();
    expect(localStorage.getItem("classroom.locale")).toBe("en");
  });

  it("words the form's own checks and the class list in the chosen language", async () => {
    localStorage.setItem("classroom.locale", "es");
    const user = userEvent.setup();
    render(<App />);
    const host = within(screen.getByRole("region", { name: "Iniciar una clase" }));
    await user.type(host.getByLabelText("Nombre de la clase"), "x".repeat(41));
    await user.click(host.getByRole("button", { name: "Iniciar clase" }));
    expect(host.getByText("Usa como máximo 40 caracteres.")).toBeInTheDocument();
    expect(host.getByText("Escribe tu nombre.")).toBeInTheDocument();
    expect(host.getByLabelText("Nombre de la clase")).toHaveFocus();

    await waitFor(() => expect(browsing()).toBe(true));
    expect(screen.getByText(/Todavía no se encontró ninguna clase/)).toBeInTheDocument();
    emitClasses({ kind: "snapshot", data: [discovered("Sra. Núñez — Física 101"), discovered("أ. ليلى — علوم", { code_required: false })] });
    const physics = screen.getByRole("button", { name: /Física 101/ });
    expect(physics).toHaveTextContent("Requiere código");
    // People's words read in their own direction.
    expect(within(physics).getByText("Sra. Núñez — Física 101")).toHaveAttribute("dir", "auto");
    expect(screen.getByRole("button", { name: /علوم/ })).toHaveTextContent("Sin código");
    await user.click(physics);
    expect(screen.getByRole("button", { name: "Unirse a Física 101" })).toBeInTheDocument();
  });
});

describe("Past classes in Spanish", () => {
  const physics = summary("s-phys", { ended_at: null, messages: 240, participants: 19 });
  const chemistry = summary("s-chem", {
    class: "Química 2",
    teacher: "Sr. Ortiz",
    started_at: localDay(1, 14, 5),
    ended_at: localDay(1, 14, 55),
    last_active_at: localDay(1, 14, 55),
    messages: 1,
    participants: 1,
  });

  it("lists the classes with Spanish plurals, dates and times, and the retention in Spanish", async () => {
    localStorage.setItem("classroom.locale", "es");
    const user = userEvent.setup();
    mocked.pastClasses.mockResolvedValue(past([physics, chemistry], 14));
    render(<App />);

    const resume = await screen.findByRole("group", { name: "Retomar la última clase" });
    expect(plain(resume)).toContain("Mrs. Núñez · hoy, 9:50");
    await user.click(screen.getByRole("button", { name: "Clases anteriores (2)" }));
    await screen.findByRole("heading", { level: 1, name: "Clases anteriores" });

    const row = (name: string) => screen.getByRole("heading", { name }).closest("li") as HTMLElement;
    expect(plain(row("Physics 101"))).toContain("Mrs. Núñez · Inició hoy, 9:00 · Interrumpida");
    expect(row("Physics 101")).toHaveTextContent("240 mensajes · 19 participantes");
    expect(plain(row("Química 2"))).toContain("Sr. Ortiz · Inició ayer, 14:05 · Terminó a las 14:55");
    expect(row("Química 2")).toHaveTextContent("1 mensaje · 1 participante");
    expect(screen.getByRole("heading", { name: "Química 2" })).toHaveAttribute("dir", "auto");
    expect(within(row("Química 2")).getByRole("button", { name: "Retomar" })).toBeInTheDocument();

    const keep = screen.getByRole("combobox", { name: "Guardar clases anteriores" });
    expect(within(keep).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Para siempre",
      "7 días",
      "14 días",
      "30 días",
      "90 días",
      "1 año",
    ]);
    expect(keep).toHaveValue("14");
    expect(screen.getByText(/^Se guardan en/)).toHaveTextContent("Se guardan en /home/teacher/.local/share/classroom");

    await user.click(within(row("Physics 101")).getByRole("button", { name: "Eliminar" }));
    const dialog = screen.getByRole("dialog", { name: "¿Eliminar «Physics 101»?" });
    expect(dialog).toHaveTextContent(
      "La clase y sus 240 mensajes se eliminarán de esta computadora. Esto no se puede deshacer.",
    );
  });

  it("says a date from another year with its year, the Spanish way", async () => {
    localStorage.setItem("classroom.locale", "es");
    const old = summary("s-old", {
      class: "Historia",
      started_at: new Date(2024, 10, 5, 8, 30).toISOString(),
      ended_at: new Date(2024, 10, 6, 9, 0).toISOString(),
      last_active_at: new Date(2024, 10, 6, 9, 0).toISOString(),
    });
    const user = userEvent.setup();
    mocked.pastClasses.mockResolvedValue(past([old]));
    render(<App />);
    await user.click(await screen.findByRole("button", { name: "Clases anteriores (1)" }));
    const item = (await screen.findByRole("heading", { name: "Historia" })).closest("li") as HTMLElement;
    expect(plain(item)).toContain("Inició el 5 nov 2024, 8:30 · Terminó el 6 nov 2024, 9:00");
    expect(item).toHaveTextContent("42 mensajes · 18 participantes");
  });
});

describe("the system's language, as the shell reports it", () => {
  it("starts a teacher whose system is Spanish in Spanish", async () => {
    mocked.startup.mockResolvedValueOnce({ host: { class: "Física 101", teacher: "Sra. Núñez" }, join: null, locale: "es-MX" });
    render(<App />);
    expect(await screen.findByRole("button", { name: "Terminar la clase" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("es");
  });

  it("gives way to the language the user chose on Home", async () => {
    localStorage.setItem("classroom.locale", "en");
    mocked.startup.mockResolvedValueOnce({ host: { class: "Physics 101", teacher: "Mrs. Núñez" }, join: null, locale: "es-MX" });
    render(<App />);
    expect(await screen.findByRole("button", { name: "End class" })).toBeInTheDocument();
  });
});
