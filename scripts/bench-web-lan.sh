#!/usr/bin/env bash
# `classroom bench --scenario web` with the page loads crossing a link of a
# classroom's speed instead of loopback's: in a network namespace of its own
# (`unshare -rn`: no root needed, nothing leaves the machine), the traffic
# to the page loaders' addresses (127.2.0.0/16) goes through a token-bucket
# class (`tc` htb) of RATE, as the school's Wi-Fi or the teacher's cable
# would carry it; the chat's clients (127.0.0.1) stay unshaped, so what
# moves their p99 is the hub, not the link. Prints the bench's numbers, then
# what the shaped class sent and dropped.
#
#   scripts/bench-web-lan.sh                  1gbit (a wired gigabit port)
#   scripts/bench-web-lan.sh 400mbit          a good classroom access point
#   scripts/bench-web-lan.sh 1gbit --clients 300
#
# CLASSROOM_BIN  the classroom binary (default target/release/classroom,
#                built after `npm run build:web` so the page is in it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rate="${1:-1gbit}"
shift || true
bin="${CLASSROOM_BIN:-target/release/classroom}"
[[ -x "$bin" ]] || { echo "no $bin: npm run build:web && cargo build --release -p classroom-cli" >&2; exit 1; }

exec unshare -rn bash -euo pipefail -c '
rate=$1 bin=$2
shift 2
ip link set lo up
# No default class: what the filter does not pick (the chat) is sent
# unshaped. The quantum holds one of loopback'\''s 64 KiB segments.
tc qdisc add dev lo root handle 1: htb
tc class add dev lo parent 1: classid 1:1 htb rate "$rate" quantum 65536
tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst 127.2.0.0/16 flowid 1:1
echo "page loads over a $rate link (tc htb on loopback, in a network namespace of their own)"
status=0
"$bin" bench --scenario web "$@" || status=$?
echo
echo "== the shaped class (the page loads):"
tc -s class show dev lo
exit "$status"
' bench "$rate" "$bin" "$@"
