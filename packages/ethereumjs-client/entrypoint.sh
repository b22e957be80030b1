#!/bin/sh
# Starts the EthereumJS client on the chain described by $ETHEREUM_GENESIS_JSON (the content of a
# geth genesis file). With $ETHEREUM_SIGNER_KEY (64 hex digits, no 0x) that key is unlocked, to
# seal blocks with --mine. Every other flag comes from the container's command. Chain data lives in
# /data/chain, so a restarted container goes on from where it was.
set -eu
mkdir -p /data
printf '%s' "${ETHEREUM_GENESIS_JSON:?ETHEREUM_GENESIS_JSON must hold the genesis file}" > /data/genesis.json
if [ -n "${ETHEREUM_SIGNER_KEY:-}" ]; then
  (umask 077 && printf '%s' "$ETHEREUM_SIGNER_KEY" > /data/signer.key)
  set -- --unlock /data/signer.key "$@"
fi
exec node /opt/ethereumjs/node_modules/@ethereumjs/client/dist/esm/bin/cli.js \
  --gethGenesis /data/genesis.json --dataDir /data/chain --logFile false "$@"
