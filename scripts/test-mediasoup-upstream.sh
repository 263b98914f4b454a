#!/usr/bin/env bash
# Run mediasoup's own upstream test suite (jest, compiled JS shipped in the npm
# package) against the locally built worker.
#
#   bash scripts/test-mediasoup-upstream.sh [extra jest args...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build (or fetch from cache) the worker; last stdout line is its path.
WORKER_BIN="$(bash scripts/build-mediasoup-worker.sh | tail -n1)"
[[ -x "$WORKER_BIN" ]] || { echo "worker binary not found: $WORKER_BIN" >&2; exit 1; }
export MEDIASOUP_WORKER_BIN="$WORKER_BIN"

# The npm package omits the DTLS cert/key pair test-Worker.js expects.
MS_DIR="$ROOT/node_modules/mediasoup"
DATA_DIR="$MS_DIR/node/lib/test/data"
if [[ ! -s "$DATA_DIR/dtls-cert.pem" || ! -s "$DATA_DIR/dtls-key.pem" ]]; then
  mkdir -p "$DATA_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
    -subj "/CN=mediasoup-test" \
    -keyout "$DATA_DIR/dtls-key.pem" -out "$DATA_DIR/dtls-cert.pem" >/dev/null 2>&1
  echo "generated DTLS cert/key in $DATA_DIR" >&2
fi

exec npx --no-install jest -c test/upstream/jest.mediasoup.config.js "$@"
