#!/usr/bin/env bash
# All tests: typecheck, Chaperone's unit/integration/browser tests (jest), and mediasoup's own
# upstream suite against our offline-built worker. Ends with one 'N passed, N failed' line.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/worker-env.sh
OUT="$(mktemp -d)"
status=0

echo "== typecheck"
npx --no-install tsc --noEmit -p tsconfig.json || status=1

echo "== chaperone tests (unit, integration, e2e in Chromium)"
npx --no-install jest --runInBand --json --outputFile="$OUT/chaperone.json" "$@" || status=1

echo "== mediasoup upstream suite against the offline-built worker"
bash scripts/test-mediasoup-upstream.sh --json --outputFile="$OUT/upstream.json" || status=1

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed += 1; console.log(`missing results: ${f}`); continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  }
  console.log(`tests: ${passed} passed, ${failed} failed`);
' "$OUT/chaperone.json" "$OUT/upstream.json"
rm -rf "$OUT"
exit $status
