#!/bin/sh
# Screenshots of the dev harness with Debian's chromium (apt-get install
# chromium): every scene at 1000×700 and 800×600, light and dark.
# Start the harness first:  npx vite --config ui/dev/vite.config.ts
# Usage: ui/dev/screenshots.sh [OUT_DIR [SCENE_PATTERN]]
#   OUT_DIR defaults to artifacts/ui-harness; SCENE_PATTERN (a grep pattern)
#   picks scenes by name.
set -eu
out=${1:-artifacts/ui-harness}
only=${2:-.}
base=${HARNESS_URL:-http://localhost:1421}
mkdir -p "$out"

shot() { # name size dark query
  name=$1 size=$2 dark=$3 query=$4
  flags=""
  [ "$dark" = dark ] && flags="--force-dark-mode"
  file="$out/$name-$dark-$(echo "$size" | tr , x).png"
  # Headless chromium now and then exits early: try again before giving up.
  for _ in 1 2 3; do
    # shellcheck disable=SC2086
    if chromium --headless --no-sandbox --disable-gpu --hide-scrollbars $flags \
      --window-size="$size" --virtual-time-budget=5000 \
      --screenshot="$file" "$base/?$query" >/dev/null 2>&1 && [ -s "$file" ]; then
      return 0
    fi
  done
  echo "failed: $file" >&2
}

while read -r name query; do
  [ -n "$name" ] || continue
  echo "$name" | grep -q -- "$only" || continue
  for size in 1000,700 800,600; do
    for dark in light dark; do
      shot "$name" "$size" "$dark" "$query"
    done
  done
done <<'SCENES'
home scene=home
home-empty scene=home-empty
home-nomdns scene=home-nomdns
home-picked scene=home&pick=1
join-refused scene=join-refused
join-unreachable scene=join-unreachable
teacher scene=teacher
teacher-blocked scene=teacher-blocked
teacher-offline scene=teacher-offline
teacher-chat scene=teacher&open=chat
teacher-participants scene=teacher&open=participants
teacher-remove scene=teacher&open=participants&dialog=remove
teacher-rename scene=teacher&open=participants&dialog=rename
teacher-end scene=teacher&dialog=end
student scene=student
student-chat scene=student&open=chat&draft=Part%20(b)%3A%20with%20friction%20we%20get
student-empty scene=student-empty&open=chat
student-pill scene=student&open=chat&scrolled=up&more=2
student-reconnecting scene=student-reconnecting&open=chat
student-ended scene=student-ended&open=chat
student-removed scene=student-removed
student-focus scene=student&open=chat&keepfocus=1
teacher-edits scene=teacher-edits&open=chat
teacher-delete-message scene=teacher-edits&open=chat&dialog=delete-message
student-edits scene=student-edits&open=chat
teacher-reactions scene=teacher-reactions&open=chat
student-reactions scene=student-reactions&open=chat
student-reactions-picker scene=student-reactions&open=chat&picker=1
student-reactions-off scene=student-reactions-off&open=chat
teacher-reactions-rules scene=teacher-reactions&open=participants
student-start scene=student&open=chat&scrolled=up
student-earlier scene=student-earlier&open=chat
student-earlier-loading scene=student-earlier&open=chat&scrolled=up&slow=1
student-earlier-loaded scene=student-earlier&open=chat&scrolled=up
home-resume scene=home-resume
home-damaged scene=home-damaged
home-fresh scene=home-damaged&fresh=1
past scene=past&past=1
past-formats scene=past&past=1&export=choose&keepfocus=1
past-export scene=past&past=1&export=csv
past-delete scene=past&past=1&dialog=delete
past-empty scene=past-empty&past=1
past-damaged scene=past-damaged&past=1
teacher-storage scene=teacher-storage
teacher-resumed scene=teacher-resumed
teacher-lecture scene=teacher-lecture&open=chat&load=1000
teacher-lecture-pill scene=teacher-lecture&open=chat&load=300&scrolled=up&more=2
teacher-lecture-participants scene=teacher-lecture&open=participants
SCENES
echo "screenshots in $out"
