#!/usr/bin/env bash
# A small LAN of network namespaces on this machine, for tests with real
# multicast (mDNS) that never leaves it:
#
#   clab-teacher 10.231.7.10 ─┐
#   clab-s1      10.231.7.11 ─┤  br0 in clab-lan (no IGMP snooping, no STP)
#   clab-s2      10.231.7.12 ─┤
#   clab-quiet   10.231.7.13 ─┘  (an nftables rule drops all its multicast)
#
# Each host has one interface, eth0, with an IPv4 address, a unique local
# IPv6 address and its link-local one (duplicate address detection off, so
# they are usable at once), a route for multicast 224.0.0.0/4 and no
# default route. The veth pairs are created inside the namespaces; nothing
# is added to the machine's own namespace, and no namespace is connected
# to it. Needs root, ip (iproute2), unshare (util-linux) and nft (nftables).
#
#   tests/lab/lab.sh up          create or repair the lab (idempotent)
#   tests/lab/lab.sh down        remove it (idempotent)
#   tests/lab/lab.sh status      show the namespaces and their addresses
#   tests/lab/lab.sh run NS HOSTNAME CMD [ARGS…]
#                                run CMD in namespace NS under its own UTS
#                                namespace with host name HOSTNAME (mDNS
#                                peers that share a host name clash)
set -euo pipefail

LAN=clab-lan
HOSTS=(teacher s1 s2 quiet)
declare -A OCTET=([teacher]=10 [s1]=11 [s2]=12 [quiet]=13)
SUBNET4=10.231.7
SUBNET6=fd00:c1a5:7
QUIET=quiet

ns_of() { echo "clab-$1"; }

need() {
    for tool in ip unshare nft; do
        command -v "$tool" >/dev/null || { echo "lab: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 2; }
    done
    [[ $(id -u) -eq 0 ]] || { echo "lab: needs root (network namespaces)" >&2; exit 2; }
}

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

make_ns() {
    local ns=$1
    ns_exists "$ns" || ip netns add "$ns"
    # Before any interface exists, so every new one inherits it.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "$ns" link set lo up
}

up() {
    need
    make_ns "$LAN"
    if ! ip -n "$LAN" link show br0 >/dev/null 2>&1; then
        ip -n "$LAN" link add br0 type bridge
    fi
    # Snooping would hold back multicast nobody "joined" via IGMP/MLD;
    # STP would hold new ports in "listening" for seconds.
    ip -n "$LAN" link set br0 type bridge mcast_snooping 0 stp_state 0
    ip -n "$LAN" link set br0 up

    for host in "${HOSTS[@]}"; do
        local ns octet
        ns=$(ns_of "$host")
        octet=${OCTET[$host]}
        make_ns "$ns"
        if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
            # Created inside the host's namespace, its peer straight in the LAN's.
            ip -n "$LAN" link del "$host" >/dev/null 2>&1 || true
            ip -n "$ns" link add eth0 type veth peer name "$host" netns "$LAN"
        fi
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
        ip -n "$LAN" link set "$host" master br0 up
        ip -n "$ns" link set eth0 up
        ip -n "$ns" addr replace "$SUBNET4.$octet/24" dev eth0
        ip -n "$ns" -6 addr replace "$SUBNET6::$octet/64" dev eth0 nodad
        ip -n "$ns" route replace 224.0.0.0/4 dev eth0
        ip -n "$ns" route del default >/dev/null 2>&1 || true
    done

    # The quiet host: a firewall that drops multicast both ways, like a
    # machine whose firewall blocks mDNS.
    ip netns exec "$(ns_of "$QUIET")" nft delete table inet classroom_lab >/dev/null 2>&1 || true
    ip netns exec "$(ns_of "$QUIET")" nft -f - <<'NFT'
table inet classroom_lab {
    chain out {
        type filter hook output priority 0; policy accept;
        ip daddr 224.0.0.0/4 drop
        ip6 daddr ff02::fb drop
    }
    chain in {
        type filter hook input priority 0; policy accept;
        ip daddr 224.0.0.0/4 drop
        ip6 daddr ff02::fb drop
    }
}
NFT
    wait_link_local
}

# Link-local IPv6 addresses appear a moment after the link is up.
wait_link_local() {
    local host ns tries
    for host in "${HOSTS[@]}"; do
        ns=$(ns_of "$host")
        for ((tries = 0; tries < 50; tries++)); do
            ip -n "$ns" -6 addr show dev eth0 scope link | grep -q inet6 && break
            sleep 0.1
        done
    done
}

down() {
    local host
    for host in "${HOSTS[@]}"; do
        ns_exists "$(ns_of "$host")" && ip netns del "$(ns_of "$host")"
    done
    if ns_exists "$LAN"; then ip netns del "$LAN"; fi
    true
}

status() {
    local host
    for host in "${HOSTS[@]}"; do
        local ns
        ns=$(ns_of "$host")
        if ns_exists "$ns"; then
            echo "$ns: $(ip -n "$ns" -brief addr show dev eth0 2>/dev/null || echo 'no eth0')"
        else
            echo "$ns: absent"
        fi
    done
}

run() {
    (($# >= 3)) || { echo "usage: lab.sh run NS HOSTNAME CMD [ARGS…]" >&2; exit 2; }
    local ns=$1 name=$2
    shift 2
    # shellcheck disable=SC2016
    exec ip netns exec "$ns" unshare --uts -- sh -c 'hostname "$0" && exec "$@"' "$name" "$@"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    run) shift; run "$@" ;;
    *) echo "usage: lab.sh up|down|status|run NS HOSTNAME CMD…" >&2; exit 2 ;;
esac
