// Tauri's beforeBundleCommand (src-tauri/tauri.conf.json): writes what the
// .deb installs under /usr/share/doc/classroom/ besides the copyright file,
// before the bundler packs it (bundle.linux.deb.files maps it in):
// changelog.gz, the project's CHANGELOG.md compressed. Debian wants a
// package's changelog there; Tauri's own deb.changelog option would put it
// under the product name (/usr/share/doc/Classroom/), not the package's.
// Runs from the repository root, on every OS (Node is what runs the Tauri
// CLI), and writes only into target/, which git ignores.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const out = "target/package-docs";
mkdirSync(out, { recursive: true });
// gzip's header carries no file name or time here, so the package is the
// same for the same CHANGELOG.
writeFileSync(`${out}/changelog.gz`, gzipSync(readFileSync("CHANGELOG.md"), { level: 9 }));
