// ESLint flat config for the desktop UI (`npm run lint` lints ui/).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["ui/dist/", "ui/dist-web/", "ui/src/api/generated/", "target/", "src-tauri/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    files: ["ui/**/*.{ts,tsx}"],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
  },
  {
    files: ["ui/vite.config.ts", "ui/vite.web.config.ts", "ui/dev/*.config.ts", "ui/dev/*.mjs", "ui/web/*.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    // Only ui/src/api may talk to the Rust shell.
    files: ["ui/src/**/*.{ts,tsx}"],
    ignores: ["ui/src/api/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@tauri-apps/*"], message: "Import from ui/src/api instead." }] },
      ],
    },
  },
);
