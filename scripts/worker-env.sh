# shellcheck shell=bash
# Source me: exports MEDIASOUP_WORKER_BIN, the locally built mediasoup worker
# (built and cached by scripts/build-mediasoup-worker.sh). Cheap: no build here.
export MEDIASOUP_WORKER_BIN="${CHAPERONE_CACHE_DIR:-$HOME/.cache/chaperone}/mediasoup-worker-${MEDIASOUP_VERSION:-3.19.3}/mediasoup-worker"
