import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";
import { text } from "../i18n";
import { I18n } from "../i18n/I18n";
import type { RenameDialogView } from "../state/namesView";
import { RenameDialog } from "./RenameDialog";

const view: RenameDialogView = { id: "p_2", name: "Ada", busy: false, error: null, disabled: false, maxChars: 40 };

function dialog(over: Partial<RenameDialogView> = {}, locale: "en" | "es" = "en") {
  const onSave = vi.fn();
  const onCancel = vi.fn();
  render(
    <I18n locale={locale}>
      <RenameDialog rename={{ ...view, ...over }} onSave={onSave} onCancel={onCancel} />
    </I18n>,
  );
  return { onSave, onCancel };
}

async function axeViolations(): Promise<string[]> {
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  const found = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
  return found.violations.map((v) => v.id);
}

describe("the Rename dialog", () => {
  it("starts with the name selected, to be typed over", async () => {
    const user = userEvent.setup();
    const { onSave } = dialog();
    const field = screen.getByRole("textbox", { name: "New name" });
    expect(field).toHaveFocus();
    await user.keyboard("Ana{Enter}");
    expect(onSave).toHaveBeenCalledExactlyOnceWith("p_2", "Ana");
  });

  it("does nothing while not connected", async () => {
    const user = userEvent.setup();
    const { onSave } = dialog({ disabled: true });
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toHaveAttribute("aria-disabled", "true");
    await user.keyboard("Ana");
    await user.click(save);
    expect(onSave).not.toHaveBeenCalled();
  });

  it("does nothing while saving, and says so on Save", async () => {
    const user = userEvent.setup();
    const { onSave } = dialog({ busy: true });
    const save = screen.getByRole("button", { name: "Saving…" });
    expect(save).toHaveAttribute("aria-disabled", "true");
    await user.type(screen.getByRole("textbox", { name: "New name" }), "x{Enter}");
    await user.click(save);
    expect(onSave).not.toHaveBeenCalled();
  });

  it("says the refusal it is given, in the UI's language", () => {
    dialog({ error: text("names.nameTaken") }, "es");
    expect(screen.getByRole("dialog", { name: "Cambiar el nombre de Ada" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Alguien en esta clase ya tiene ese nombre, o ese nombre está bloqueado aquí. Elige otro nombre.",
    );
    expect(screen.getByRole("textbox", { name: "Nombre nuevo" })).toHaveAttribute("aria-invalid", "true");
  });

  it("has no axe violations, with a refusal too", async () => {
    dialog({ error: text("names.invalidName", { max: 40 }) });
    expect(await axeViolations()).toEqual([]);
  });
});
