// An error from a class command (remove, end, leave), dismissible.

export interface NoticeProps {
  message: string | null;
  onDismiss(): void;
}

export function Notice({ message, onDismiss }: NoticeProps) {
  if (message === null) return null;
  return (
    <div className="alert" role="alert">
      <p className="alert__text">{message}</p>
      <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
