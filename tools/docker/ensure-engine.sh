#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info`.
# The build machines ship only the docker client, so when no engine answers we install
# Debian's docker.io and start dockerd in the background. A second run with an engine up does nothing.
set -euo pipefail

LOG_FILE="${DOCKERD_LOG_FILE:-/var/log/kurtosis-ts-dockerd.log}"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"

log() { echo "[ensure-engine] $*" >&2; }

if docker info >/dev/null 2>&1; then
  log "Docker engine already answers; nothing to do"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    log "no Docker engine answers and dockerd is not installed; run as root or install Docker yourself"
    exit 1
  fi
  log "installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io iptables ca-certificates >/dev/null
fi

if [ "$(id -u)" != "0" ]; then
  log "dockerd is installed but not running; start it (e.g. 'sudo dockerd') and run this again"
  exit 1
fi

log "starting dockerd (log: $LOG_FILE)"
mkdir -p "$(dirname "$LOG_FILE")"
# setsid detaches dockerd from this script's process group so it outlives the caller.
setsid nohup dockerd >"$LOG_FILE" 2>&1 </dev/null &

deadline=$((SECONDS + WAIT_SECONDS))
until docker info >/dev/null 2>&1; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"
    tail -n 20 "$LOG_FILE" >&2 || true
    exit 1
  fi
  sleep 0.5
done
# A dockerd killed earlier may have left bridges and NAT rules of networks it forgot (see the script).
bash "$(dirname "$0")/prune-stale-bridges.sh"
log "Docker engine $(docker info --format '{{.ServerVersion}}') is up"
