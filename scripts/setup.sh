#!/usr/bin/env bash
# Idempotent set-up for `npm start` and `npm test` on a fresh Debian machine with no internet
# (npm registry and Debian apt only). Fast when everything is already in place.
#   1. Debian packages (Chromium for browser tests, ffmpeg, the worker's runtime libraries)
#   2. the mediasoup worker, built offline and cached by version
#   3. node_modules (npm ci with MEDIASOUP_WORKER_BIN set, so mediasoup's postinstall skips its download)
#   4. the browser bundle
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[setup] %s\n' "$*" >&2; }

APT_PACKAGES=(chromium ffmpeg openssl libuv1 libusrsctp2 libabsl20220623 libnss3 fonts-liberation)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends "${missing[@]}" >&2; }
fi

WORKER_BIN="$(bash scripts/build-mediasoup-worker.sh | tail -n1)"
[[ -x "$WORKER_BIN" ]] || { log "worker build failed"; exit 1; }
export MEDIASOUP_WORKER_BIN="$WORKER_BIN"

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing node modules (npm ci)"
  export ONNXRUNTIME_NODE_INSTALL=skip
  npm ci --no-audit --no-fund >&2
  touch node_modules/.package-lock.json
fi

if [[ ! -f client/dist/app.js ]] || [[ -n "$(find client/src shared -newer client/dist/app.js -print -quit)" ]]; then
  log "building the browser bundle"
  node --import tsx scripts/build-client.ts
fi
