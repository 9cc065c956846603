// Vitest setup: jest-dom matchers, a clean DOM after each test, and no
// language remembered from an earlier test (each starts in the system's,
// jsdom's en-US).
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  cleanup();
});
