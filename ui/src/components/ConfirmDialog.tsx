// A modal confirmation (a Dialog): focus moves in (to Cancel, the safe
// choice), Tab stays inside, Escape or a click beside it cancels, and focus
// returns to where it was.

import { type ReactNode, useId, useRef } from "react";
import { useT } from "../i18n/I18n";
import { Dialog } from "./Dialog";

export interface ConfirmDialogProps {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** Style the confirm button as destructive. */
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger = false, busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const t = useT();
  const bodyId = useId();
  const cancel = useRef<HTMLButtonElement>(null);

  return (
    <Dialog
      title={title}
      initialFocus={cancel}
      onCancel={onCancel}
      cancelOnBackdrop
      describedBy={children ? bodyId : undefined}
    >
      {children ? (
        <div id={bodyId} className="dialog__body">
          {children}
        </div>
      ) : null}
      <div className="dialog__actions">
        <button ref={cancel} type="button" className="button button--secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className={`button ${danger ? "button--danger" : "button--primary"}`}
          onClick={onConfirm}
          disabled={busy}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
