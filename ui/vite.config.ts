/// <reference types="vitest/config" />
// Vite and Vitest configuration for the desktop UI. `root` is ui/, so the
// npm scripts at the repository root pass `--config ui/vite.config.ts`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  // Tauri prints its own errors; keep them on screen.
  clearScreen: false,
  server: {
    // tauri.conf.json's devUrl points here; a different port would load nothing.
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
  },
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // The app runs under `default-src 'self'`: a data: URI would be blocked.
    assetsInlineLimit: 0,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
