// The teacher's Rename dialog for a student: one field with the name they
// have now, Save and Cancel. A modal (a Dialog): focus moves in (to the
// field, its text selected), Tab stays inside, Escape cancels, and the focus
// returns to the Rename button that opened it. Saving waits for the
// class to show the new name (the parent closes the dialog then); a refusal
// is said under the field. Renders the view and reports the intent.

import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { Text } from "../i18n";
import { useSay, useT } from "../i18n/I18n";
import { type RenameDialogView, checkRename } from "../state/namesView";
import { Dialog } from "./Dialog";
import "./RenameDialog.css";

export interface RenameDialogProps {
  rename: RenameDialogView;
  /** Gives the student the new name (already trimmed). */
  onSave(id: string, name: string): Promise<void> | void;
  onCancel(): void;
}

/** Keyed by the student's id where it is used: another student starts afresh. */
export function RenameDialog({ rename, onSave, onCancel }: RenameDialogProps) {
  const t = useT();
  const say = useSay();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(rename.name);
  // A problem found before sending (empty, too long); it follows the typing.
  const [problem, setProblem] = useState<Text | null>(null);

  // The name is there to be replaced: selected, so typing replaces it.
  useEffect(() => {
    field.current?.select();
  }, []);

  // A refusal puts the cursor back in the field, to fix the name.
  const error = rename.error;
  useEffect(() => {
    if (error !== null) field.current?.focus();
  }, [error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rename.busy || rename.disabled) return;
    const check = checkRename(value, rename.name, rename.maxChars);
    switch (check.kind) {
      case "problem":
        setProblem(check.problem);
        field.current?.focus();
        return;
      case "unchanged":
        onCancel();
        return;
      case "rename":
        setProblem(null);
        void onSave(rename.id, check.name);
    }
  };

  const shown = problem ?? error;
  const describedBy = shown ? `${id}-hint ${id}-error` : `${id}-hint`;

  return (
    <Dialog
      title={t("names.renameTitle", { name: rename.name })}
      initialFocus={field}
      onCancel={onCancel}
      className="rename-dialog"
    >
      <form className="rename-dialog__form" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-name`}>
            {t("names.newName")}
          </label>
          <input
            ref={field}
            id={`${id}-name`}
            className="field__input rename-dialog__input"
            type="text"
            dir="auto"
            autoComplete="off"
            spellCheck={false}
            maxLength={rename.maxChars}
            value={value}
            aria-invalid={shown ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => {
              setValue(e.target.value);
              if (problem) {
                const check = checkRename(e.target.value, rename.name, rename.maxChars);
                setProblem(check.kind === "problem" ? check.problem : null);
              }
            }}
          />
          <p id={`${id}-hint`} className="field__hint">
            {t("names.newNameHint", { max: rename.maxChars })}
          </p>
          {/* Stays mounted, so that a refusal coming in is announced. */}
          <div role="alert">
            {shown ? (
              <p id={`${id}-error`} className="field__error">
                {say(shown)}
              </p>
            ) : null}
          </div>
        </div>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary rename-dialog__cancel" onClick={onCancel}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className="button button--primary rename-dialog__save"
            // Not `disabled`: the focus stays on it while it saves.
            aria-disabled={rename.busy || rename.disabled ? true : undefined}
          >
            {t(rename.busy ? "names.saving" : "names.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
