#!/usr/bin/env bash
# Usage: release-notes.sh TAG
# Checks that TAG (e.g. v1.2.0) is the version this commit builds, the
# workspace version in Cargo.toml, which package.json repeats, and that
# CHANGELOG.md has a dated section for it; prints that section (the release
# notes). Fails, saying what to fix, when any of them disagrees. Run by the
# release workflow before anything is built, and by hand before tagging
# (RELEASING.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

tag=${1:?usage: release-notes.sh TAG}
fail() { echo "::error::$*" >&2; exit 1; }

version=$(awk '
    /^\[/ { inside = ($0 == "[workspace.package]") ; next }
    inside && /^version[[:space:]]*=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }
' Cargo.toml)
[[ -n "$version" ]] || fail "no version under [workspace.package] in Cargo.toml"
[[ "$tag" == "v$version" ]] || fail "tag $tag does not match the version in Cargo.toml ($version): tag v$version, or change the version first"

package_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' package.json | head -n 1)
[[ "$package_version" == "$version" ]] || fail "package.json says $package_version, Cargo.toml $version"

heading=$(grep -m 1 -F "## [$version]" CHANGELOG.md || true)
[[ -n "$heading" ]] || fail "CHANGELOG.md has no \"## [$version]\" section"
[[ "$heading" =~ ^\#\#\ \[$version\]\ —\ [0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] ||
    fail "CHANGELOG.md's heading \"$heading\" has no release date: write \"## [$version] — YYYY-MM-DD\""

# The section: from its heading to the next version's heading.
awk -v heading="$heading" '
    $0 == heading { inside = 1; next }
    inside && /^## \[/ { exit }
    inside { print }
' CHANGELOG.md
