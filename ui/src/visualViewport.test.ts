// The visible part of the page in CSS variables (visualViewport.ts): what
// iOS's on-screen keyboard hides, which the full-screen chat keeps clear of.

import { afterEach, describe, expect, it, vi } from "vitest";
import { trackVisualViewport } from "./visualViewport";

/** A visual viewport as a phone's browser has it; change it with `set`. */
function fakeViewport(init: { height: number; offsetTop?: number; scale?: number }) {
  const target = new EventTarget();
  const state = { offsetTop: 0, scale: 1, ...init };
  const viewport = Object.defineProperties(target, {
    height: { get: () => state.height },
    offsetTop: { get: () => state.offsetTop },
    scale: { get: () => state.scale },
  }) as unknown as VisualViewport;
  const set = (change: Partial<typeof state>, event: "resize" | "scroll" = "resize") => {
    Object.assign(state, change);
    target.dispatchEvent(new Event(event));
  };
  return { viewport, set };
}

/** <html> as laid out on a phone: `height` px tall. */
function page(height: number): HTMLElement {
  const root = document.createElement("div");
  Object.defineProperty(root, "clientHeight", { value: height });
  return root;
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function visible(root: HTMLElement) {
  return {
    top: root.style.getPropertyValue("--visible-top"),
    height: root.style.getPropertyValue("--visible-height"),
    bottom: root.style.getPropertyValue("--visible-bottom"),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the visible part of the page", () => {
  it("starts as the whole page when no keyboard is up", () => {
    const root = page(640);
    const { viewport } = fakeViewport({ height: 640 });
    trackVisualViewport(root, viewport);
    expect(visible(root)).toEqual({ top: "0px", height: "640px", bottom: "0px" });
  });

  it("follows a keyboard that covers the page (iOS): what it hides at the bottom", async () => {
    const root = page(640);
    const { viewport, set } = fakeViewport({ height: 640 });
    trackVisualViewport(root, viewport);
    set({ height: 340 });
    await frame();
    expect(visible(root)).toEqual({ top: "0px", height: "340px", bottom: "300px" });
    // iOS scrolls the page to the focused box: the visible part moves down.
    set({ offsetTop: 120 }, "scroll");
    await frame();
    expect(visible(root)).toEqual({ top: "120px", height: "340px", bottom: "180px" });
    set({ height: 640, offsetTop: 0 });
    await frame();
    expect(visible(root)).toEqual({ top: "0px", height: "640px", bottom: "0px" });
  });

  it("hides nothing where the keyboard makes the page shorter (interactive-widget)", async () => {
    const root = page(340);
    const { viewport } = fakeViewport({ height: 340 });
    trackVisualViewport(root, viewport);
    expect(visible(root).bottom).toBe("0px");
  });

  it("updates once a frame however many events come", async () => {
    const root = page(640);
    const { viewport, set } = fakeViewport({ height: 640 });
    const setProperty = vi.spyOn(root.style, "setProperty");
    trackVisualViewport(root, viewport);
    setProperty.mockClear();
    set({ height: 500 });
    set({ height: 420 });
    set({ height: 340 }, "scroll");
    expect(setProperty).not.toHaveBeenCalled();
    await frame();
    expect(setProperty).toHaveBeenCalledTimes(3);
    expect(visible(root).height).toBe("340px");
  });

  it("leaves the variables out while zoomed in: the page as laid out", async () => {
    const root = page(640);
    const { viewport, set } = fakeViewport({ height: 640 });
    trackVisualViewport(root, viewport);
    set({ height: 320, scale: 2 });
    await frame();
    expect(visible(root)).toEqual({ top: "", height: "", bottom: "" });
    set({ height: 640, scale: 1 });
    await frame();
    expect(visible(root).height).toBe("640px");
  });

  it("stops and removes the variables when done", async () => {
    const root = page(640);
    const { viewport, set } = fakeViewport({ height: 640 });
    const stop = trackVisualViewport(root, viewport);
    set({ height: 340 });
    stop();
    await frame();
    expect(visible(root)).toEqual({ top: "", height: "", bottom: "" });
    set({ height: 300 });
    await frame();
    expect(visible(root)).toEqual({ top: "", height: "", bottom: "" });
  });

  it("does nothing in a browser without a visual viewport", () => {
    const root = page(640);
    const stop = trackVisualViewport(root, null);
    expect(visible(root)).toEqual({ top: "", height: "", bottom: "" });
    stop();
  });
});
