#!/usr/bin/env bash
# Run a command with MEDIASOUP_WORKER_BIN pointing at the locally built worker.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/worker-env.sh"
exec "$@"
