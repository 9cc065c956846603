// The part of the page the user can see, for the browser build on phones
// and tablets. index.html asks for `interactive-widget=resizes-content`, so
// that the on-screen keyboard makes the page shorter rather than covering
// its bottom; iOS Safari ignores that, and the keyboard covers the chat's
// message box there. The visual viewport is what stays visible: its top,
// height, and how much of the page's bottom it leaves hidden go into CSS
// variables on <html> (--visible-top, --visible-height, --visible-bottom),
// which the chat (ChatPopup.css) keeps to. Written through the CSSOM, which
// the hub's CSP allows (style attributes in the markup it does not).

import { useEffect } from "react";

/** Keeps the variables up to date until the returned function is called (which removes them). */
export function trackVisualViewport(
  root: HTMLElement = document.documentElement,
  viewport: VisualViewport | null = window.visualViewport ?? null,
): () => void {
  if (!viewport) return () => {};
  const names = ["--visible-top", "--visible-height", "--visible-bottom"] as const;
  const clear = () => {
    for (const name of names) root.style.removeProperty(name);
  };
  const update = () => {
    // Zoomed in: the page as laid out, as if there were no variables.
    if (viewport.scale > 1.01) {
      clear();
      return;
    }
    const hidden = Math.max(0, Math.round(root.clientHeight - viewport.offsetTop - viewport.height));
    root.style.setProperty("--visible-top", `${viewport.offsetTop}px`);
    root.style.setProperty("--visible-height", `${viewport.height}px`);
    root.style.setProperty("--visible-bottom", `${hidden}px`);
  };
  let frame = 0;
  const schedule = () => {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      update();
    });
  };
  update();
  viewport.addEventListener("resize", schedule);
  viewport.addEventListener("scroll", schedule);
  return () => {
    viewport.removeEventListener("resize", schedule);
    viewport.removeEventListener("scroll", schedule);
    if (frame !== 0) cancelAnimationFrame(frame);
    clear();
  };
}

/** trackVisualViewport while the component is mounted. */
export function useVisualViewport(): void {
  useEffect(() => trackVisualViewport(), []);
}
