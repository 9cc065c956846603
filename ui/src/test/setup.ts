// Vitest setup: jest-dom matchers, a clean DOM after each test, no language
// remembered from an earlier test (each starts in the system's, jsdom's
// en-US), and a size for elements.
import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";

// jsdom lays nothing out: every element is 0 px tall, and a virtualized
// list (the chat's messages, the roster) draws no rows in a scroller 0 px
// tall. Elements report a tall client box instead, so the short lists of
// the tests have every row drawn; a test sets its own on an element, or
// spies on this getter, to see a list longer than its scroller. (Not in
// the tests that run in node, without a DOM.)
const TEST_CLIENT_HEIGHT = 100_000;
if (typeof HTMLElement !== "undefined") {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get: () => TEST_CLIENT_HEIGHT,
  });
}

// findBy… and waitFor wait up to 3 s rather than 1: the whole suite runs
// on two cores here and in CI, and the first import of a lazy chunk (the
// class screen, a language's catalogue) can take over a second then.
configure({ asyncUtilTimeout: 3_000 });

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  cleanup();
});
