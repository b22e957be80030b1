#!/usr/bin/env bash
# Removes what a killed dockerd can leave behind of a bridge network it no longer knows: the Linux
# bridge `br-<network id>` and its iptables rules. Why it matters: a leftover
# `POSTROUTING -s <subnet> ! -o br-<old> -j MASQUERADE` rule masquerades all traffic *inside* a new
# network that reuses the subnet, so every container's calls arrive from the gateway — the address
# host clients come from — and the API container could no longer tell a service from the host.
# Safe while Docker works: dockerd makes a network's bridge a moment before it lists the network, so a
# bridge counts as stale only when no network has its ID at two looks a second apart.
# Needs root; does nothing without iptables.
set -euo pipefail

log() { echo "[prune-stale-bridges] $*" >&2; }

command -v iptables-save >/dev/null 2>&1 || exit 0
bridges() { ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | grep -E '^br-[0-9a-f]{12}$' || true; }
networks() { docker network ls --no-trunc --filter driver=bridge --format '{{.ID}}'; }
unknown() { local known; known="$(networks)"; for b in "$@"; do grep -q "^${b#br-}" <<<"$known" || echo "$b"; done; }

# shellcheck disable=SC2046
candidates="$(unknown $(bridges))"
[ -n "$candidates" ] || exit 0
sleep 1
# shellcheck disable=SC2086
for bridge in $(unknown $candidates); do
  id="${bridge#br-}"
  log "removing stale bridge $bridge and its iptables rules (no Docker network ${id})"
  for table in nat filter; do
    # Each rule that names the bridge, deleted as it was appended ("-A" → "-D").
    { iptables-save -t "$table" | grep -E -- "(-i|-o) ${bridge}( |$)" | grep '^-A ' || true; } | while read -r rule; do
      # shellcheck disable=SC2086
      iptables -t "$table" ${rule/-A /-D } || true
    done
  done
  ip link delete "$bridge" 2>/dev/null || true
done
