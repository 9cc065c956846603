#!/usr/bin/env bash
# Names the maintainer of the Linux packages: `package-maintainer.sh "Name <address>"`.
#
# Debian requires the .deb's Maintainer field to be "Name <address>"
# (lintian's malformed-contact error otherwise). Tauri fills it from the
# `authors` of src-tauri/Cargo.toml, and else from the bundle's publisher,
# which is also the Windows installer's Manufacturer and must stay a plain
# name. The project keeps no address in its sources: the release workflow
# passes the repository's (release-config.sh), and a local package build
# passes the builder's own (`git config user.name` and `user.email`).
#
# Writes `authors` into src-tauri/Cargo.toml unless it has one already (an
# owner who set it keeps theirs). The change is for that build only; it is
# not meant to be committed.
set -euo pipefail

maintainer=${1:?usage: package-maintainer.sh "Name <address>"}
manifest=${CARGO_MANIFEST:-$(dirname "$0")/../../src-tauri/Cargo.toml}

# One name, one address, nothing that would need escaping in TOML.
if ! [[ "$maintainer" =~ ^[^\"\\\<\>]+\ \<[^\"\\\<\>@\ ]+@[^\"\\\<\>@\ ]+\>$ ]]; then
    echo "not a maintainer of the form \"Name <address>\": $maintainer" >&2
    exit 1
fi
if grep -Eq '^authors[[:space:]]*=' "$manifest"; then
    echo "$manifest names its authors already; left as it is"
    exit 0
fi
# After the [package] header (its first line): TOML keeps the table's keys together.
awk -v line="authors = [\"$maintainer\"]" '{ print } /^\[package\]$/ && !done { print line; done = 1 }' \
    "$manifest" >"$manifest.new"
mv "$manifest.new" "$manifest"
echo "package maintainer: $maintainer"
