// Vite configuration for the browser build: the student's page the
// teacher's hub serves at http://<teacher>:<port>/ (index.html at `/`,
// hashed files under /assets/), `npm run build:web` → ui/dist-web/.
//
// The swaps: the UI imports "../api" (ui/src/api/index.ts, the desktop's
// Tauri shell); here that module resolves to ui/src/api/web.ts instead,
// which exports the same names over the browser protocol client
// (ui/src/api/browser/; `tsc` proves the names match, see
// ui/src/api/web.typecheck.ts). A guard fails the build if the desktop
// module or anything from @tauri-apps is still reached, by any path. And
// ui/src/i18n/catalogues.ts (every language in the bundle) resolves to
// catalogues.web.ts, which fetches the one language the page speaks.
//
// The hub serves the page under a strict CSP (`default-src 'self'`, no
// inline script or style, no eval): no inlined assets (a data: URI for a
// font or script would be blocked), nothing from elsewhere.
//
// Next to each text file the build writes `.br` and `.gz` copies (when
// smaller): the hub sends the one a browser accepts and never compresses
// at run time (core/src/hub/web.rs).
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const desktopApi = path("./src/api/index.ts");
const webApi = path("./src/api/web.ts");
const webCatalogues = path("./src/i18n/catalogues.web.ts");

/** "../api", "./api" and "../api/index" from the UI's files: the api module. */
const API_IMPORT = /^(?:\.\.?\/)+api(?:\/index(?:\.ts)?)?$/;
/** "./catalogues" from ui/src/i18n/: every language at once, on the desktop. */
const CATALOGUES_IMPORT = /^\.\/catalogues(?:\.ts)?$/;

/** Fails the build when the desktop's api or the Tauri packages end up in the page. */
function desktopStaysOut(): Plugin {
  return {
    name: "classroom:desktop-stays-out",
    enforce: "pre",
    load(id) {
      const file = id.split("?")[0] ?? id;
      if (file === desktopApi || /[\\/]@tauri-apps[\\/]/.test(file)) {
        this.error(`the web build reached ${file}: the browser page must use ui/src/api/web.ts only`);
      }
      return null;
    },
  };
}

/** What is worth compressing: text. */
const TEXT_FILE = /\.(?:html|js|css|svg|json|txt|map)$/;

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}

/** Writes `<file>.br` and `<file>.gz` next to each text file of the build, when smaller. */
function precompressed(): Plugin {
  let outDir = "";
  return {
    name: "classroom:precompressed",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      for (const file of await filesUnder(outDir)) {
        if (!TEXT_FILE.test(file)) continue;
        const raw = await readFile(file);
        const copies: [string, Buffer][] = [
          [".br", brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })],
          [".gz", gzipSync(raw, { level: 9 })],
        ];
        for (const [suffix, data] of copies) {
          if (data.length < raw.length) await writeFile(`${file}${suffix}`, data);
        }
      }
    },
  };
}

export default defineConfig({
  root: path("./web"),
  base: "/",
  plugins: [desktopStaysOut(), react(), precompressed()],
  resolve: {
    alias: [
      { find: API_IMPORT, replacement: webApi },
      { find: CATALOGUES_IMPORT, replacement: webCatalogues },
    ],
  },
  // No public/ folder: everything the page needs goes through the bundle.
  publicDir: false,
  clearScreen: false,
  build: {
    outDir: path("./dist-web"),
    emptyOutDir: true,
    // CSP `default-src 'self'`: a data: URI would be blocked.
    assetsInlineLimit: 0,
    target: "es2022",
    // The hub serves files under /assets/ only.
    assetsDir: "assets",
    // A module preload link is all the page gets; no inline polyfill script.
    modulePreload: { polyfill: false },
  },
});
