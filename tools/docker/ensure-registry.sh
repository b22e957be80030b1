#!/usr/bin/env bash
# A Docker distribution registry (v2) on 127.0.0.1, for the tests and for air-gapped users: Debian's
# `docker-registry` package, so no image has to be pulled to get one. The Docker engine pushes to and
# pulls from 127.0.0.0/8 over plain HTTP without any daemon configuration.
#
#   ensure-registry.sh up   [--port 5000] [--user NAME --password-file FILE]
#   ensure-registry.sh down [--port 5000]
#
# `up` does nothing when a registry already answers on the port (without credentials); otherwise it
# installs the package when missing, starts one with its storage in a new temporary directory and
# waits until it answers. With --user it starts one that asks for that user's password (htpasswd,
# bcrypt), and refuses a port something else holds. `down` stops only a registry `up` started on
# that port, and removes its storage. Each started registry is recorded in
# /tmp/kurtosis-registry-<port>.dir (its directory: config, storage, pid, log).
set -euo pipefail

action=${1:-}
shift || true
port=5000
user=''
password_file=''
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --password-file) password_file=$2; shift 2 ;;
    *) echo "ensure-registry.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case $port in '' | *[!0-9]*) echo "ensure-registry.sh: --port must be a number, not '$port'" >&2; exit 2 ;; esac
record=/tmp/kurtosis-registry-$port.dir
wait_seconds=${REGISTRY_WAIT_SECONDS:-20}

# The HTTP status of the registry's base endpoint (200 open, 401 asks for credentials), 000 when none answers.
answer() {
  curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" 2>/dev/null || true
}

install_package() {
  command -v docker-registry >/dev/null && { [ -z "$user" ] || command -v htpasswd >/dev/null; } && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-registry.sh: docker-registry (and htpasswd from apache2-utils) are missing and installing them needs root" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry apache2-utils >/dev/null
}

up() {
  local status
  status=$(answer)
  if [ -f "$record" ] && [ -d "$(cat "$record")" ] && [ "$status" != 000 ]; then
    echo "registry on 127.0.0.1:$port already started by ensure-registry.sh ($(cat "$record"))"
    return 0
  fi
  if [ "$status" != 000 ]; then
    if [ -z "$user" ] && [ "$status" = 200 ]; then
      echo "a registry already answers on 127.0.0.1:$port; using it"
      return 0
    fi
    echo "ensure-registry.sh: 127.0.0.1:$port is taken (HTTP $status), so no registry was started there" >&2
    exit 1
  fi
  # A registry we started that died (a killed machine): its storage goes before a new one starts.
  [ -f "$record" ] && down >/dev/null
  install_package
  local dir
  dir=$(mktemp -d /tmp/kurtosis-registry-"$port".XXXXXX)
  mkdir -p "$dir/storage"
  local auth=''
  if [ -n "$user" ]; then
    [ -r "$password_file" ] || { echo "ensure-registry.sh: --user needs a readable --password-file" >&2; exit 2; }
    # -i reads the password from stdin, so it never appears in a process list.
    htpasswd -iBc "$dir/htpasswd" "$user" <"$password_file" 2>/dev/null
    auth="auth:
  htpasswd:
    realm: kurtosis-ts-test-registry
    path: $dir/htpasswd"
  fi
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$auth
EOF
  # The server outlives this script, so it must not keep anything the caller opened: a caller under
  # `flock FILE …` would otherwise leave the lock held by the registry for as long as it runs.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null
  ) &
  echo $! >"$dir/pid"
  echo "$dir" >"$record"
  local deadline=$((SECONDS + wait_seconds))
  until [ "$(answer)" != 000 ]; do
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "ensure-registry.sh: the registry on 127.0.0.1:$port did not answer; its log:" >&2
      tail -n 20 "$dir/registry.log" >&2 || true
      down
      exit 1
    fi
    sleep 0.2
  done
  echo "registry on 127.0.0.1:$port started${user:+ (htpasswd user $user)}, storage in $dir/storage"
}

down() {
  if [ ! -f "$record" ]; then
    echo "no registry started by ensure-registry.sh on 127.0.0.1:$port"
    return 0
  fi
  local dir
  dir=$(cat "$record")
  if [ -f "$dir/pid" ]; then
    local pid
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  case $dir in /tmp/kurtosis-registry-"$port".*) rm -rf "$dir" ;; esac
  rm -f "$record"
  echo "registry on 127.0.0.1:$port stopped, its storage removed"
}

case $action in
  up) up ;;
  down) down ;;
  *) echo "usage: ensure-registry.sh up|down [--port N] [--user NAME --password-file FILE]" >&2; exit 2 ;;
esac
