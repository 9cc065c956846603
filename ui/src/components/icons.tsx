// Inline SVG icons (no image files, no remote content). Decorative: hidden
// from assistive technology; the buttons that hold them carry the label.

interface IconProps {
  className?: string;
}

export function ChatIcon({ className }: IconProps) {
  return (
    <svg className={className} width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9.4l-4.7 3.6A1 1 0 0 1 3 20.8V6a2 2 0 0 1 1-2Zm1 2v12.8L8.7 16H20V6H5Zm3 3h8v2H8V9Zm0 3h5v2H8v-2Z"
      />
    </svg>
  );
}

export function CloseIcon({ className }: IconProps) {
  return (
    <svg className={className} width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4 6.4 5Z"
      />
    </svg>
  );
}

export function SendIcon({ className }: IconProps) {
  return (
    <svg className={className} width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 20.5V14l9-2-9-2V3.5L22 12 3 20.5Z" />
    </svg>
  );
}

export function ArrowDownIcon({ className }: IconProps) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M11 4h2v12.2l5.3-5.3 1.4 1.4L12 20l-7.7-7.7 1.4-1.4 5.3 5.3V4Z" />
    </svg>
  );
}

/** A raised hand: four fingers, the palm and the thumb. */
export function HandIcon({ className }: IconProps) {
  return (
    <svg className={className} width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <g fill="currentColor">
        <rect x="6.6" y="4.5" width="2.8" height="10" rx="1.4" />
        <rect x="9.8" y="2.5" width="2.8" height="12" rx="1.4" />
        <rect x="13" y="3.5" width="2.8" height="11" rx="1.4" />
        <rect x="16.2" y="6" width="2.8" height="8.5" rx="1.4" />
        <path d="M6.6 12h12.4v4a6 6 0 0 1-6 6h-.4a6 6 0 0 1-6-6Z" />
        <rect x="2.8" y="11" width="2.8" height="7.5" rx="1.4" transform="rotate(-35 4.2 14.75)" />
      </g>
    </svg>
  );
}

/** A push pin. */
export function PinIcon({ className }: IconProps) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M7 2h10v2h-1.5v5.2l3 3V15h-5.5v6l-1 2-1-2v-6H5.5v-2.8l3-3V4H7V2Z" />
    </svg>
  );
}

/** A waste bin. */
/** A smiling face with a plus: add a reaction. */
export function AddReactionIcon({ className }: IconProps) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M11 3a8 8 0 1 0 8 8h-2a6 6 0 1 1-6-6V3Z" />
      <circle fill="currentColor" cx="8.5" cy="9.5" r="1.3" />
      <circle fill="currentColor" cx="13.5" cy="9.5" r="1.3" />
      <path fill="currentColor" d="M7.5 13.5h7a3.5 3.5 0 0 1-7 0Z" />
      <path fill="currentColor" d="M18.5 1h2v3h3v2h-3v3h-2V6h-3V4h3V1Z" />
    </svg>
  );
}

export function TrashIcon({ className }: IconProps) {
  return (
    <svg className={className} width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        fillRule="evenodd"
        d="M9 2h6l1 1h4v2H4V3h4l1-1ZM5 7h14l-1.1 13.1A2 2 0 0 1 15.9 22H8.1a2 2 0 0 1-2-1.9L5 7Zm2.2 2 .9 11h7.8l.9-11H7.2ZM9.6 11h1.6v7H9.6v-7Zm3.2 0h1.6v7h-1.6v-7Z"
      />
    </svg>
  );
}

export function LogoMark({ className }: IconProps) {
  return (
    <svg className={className} width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path
        fill="var(--on-accent)"
        d="M8 10a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-7l-4 3.5V20h-1a2 2 0 0 1-2-2v-8Z"
      />
    </svg>
  );
}
