// The dev harness: the real App with ui/src/api swapped for ./fakeApi.ts, on
// port 1421. Only for looking at the UI in a browser; `npm run build` never
// sees this folder. Run: npx vite --config ui/dev/vite.config.ts
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const here = fileURLToPath(new URL(".", import.meta.url));
const realApi = fileURLToPath(new URL("../src/api/index.ts", import.meta.url));
const fakeApi = fileURLToPath(new URL("./fakeApi.ts", import.meta.url));

/** Every import that resolves to ui/src/api/index.ts gets the fake instead. */
function fakeApiPlugin(): Plugin {
  return {
    name: "classroom-fake-api",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer || importer === fakeApi) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === realApi ? fakeApi : null;
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [fakeApiPlugin(), react()],
  server: {
    port: 1421,
    strictPort: true,
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
  },
});
