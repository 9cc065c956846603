// The shell of the app's modal dialogs (ConfirmDialog, RenameDialog,
// PollComposer): a backdrop over the page, a role=dialog box named by its
// title, and the focus held as modalFocus does (it moves in, to
// `initialFocus`; Tab stays inside; Escape cancels; it returns to where it
// was when the dialog goes). What is inside is the caller's.

import { type ReactNode, type RefObject, useId } from "react";
import { createPortal } from "react-dom";
import { useModalFocus } from "./modalFocus";
import "./Dialog.css";

export interface DialogProps {
  /** The heading at the top, which names the dialog. */
  title: ReactNode;
  /** Where the focus goes when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>;
  /** Escape (and, with `cancelOnBackdrop`, a click beside the box) asks this. */
  onCancel(): void;
  /** A press on the backdrop, outside the box, cancels too. */
  cancelOnBackdrop?: boolean;
  /** The id of what describes the dialog, for `aria-describedby`. */
  describedBy?: string;
  /** Classes for the box besides `dialog` (its size, its parts' layout). */
  className?: string;
  children: ReactNode;
}

export function Dialog({
  title,
  initialFocus,
  onCancel,
  cancelOnBackdrop = false,
  describedBy,
  className,
  children,
}: DialogProps) {
  const titleId = useId();
  const { dialog, onKeyDown } = useModalFocus(initialFocus, onCancel);

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={cancelOnBackdrop ? (e) => e.target === e.currentTarget && onCancel() : undefined}
    >
      <div
        ref={dialog}
        className={className ? `dialog ${className}` : "dialog"}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
