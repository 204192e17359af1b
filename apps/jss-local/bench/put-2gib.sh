#!/bin/bash
# Measures one 2 GiB PUT (curl -T) and two parallel 1 GiB PUTs against the built jss-local
# (`pnpm build` first), then prints the CPU seconds of each server thread (Linux /proc).
# usage: bench/put-2gib.sh [HASH_THREADS]   (default: the server's default; 0 = main thread)
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${TMPDIR:-/tmp}/jss-local-bench-2g.bin
HALF=${TMPDIR:-/tmp}/jss-local-bench-1g.bin
[ -f "$FILE" ] || head -c 2G /dev/urandom > "$FILE"
[ -f "$HALF" ] || head -c 1G "$FILE" > "$HALF"
DATA=$(mktemp -d)
THREADS=${1:-}
node -e "
import('./dist/index.js').then(async ({ startJssLocal }) => {
  const s = await startJssLocal({ data: '$DATA', buckets: ['bench'], ${THREADS:+hashThreads: $THREADS} })
  console.log(s.endpoint)
  process.on('SIGTERM', () => s.close().then(() => process.exit(0)))
})" > "$DATA.endpoint" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA" "$DATA.endpoint"' EXIT
while [ ! -s "$DATA.endpoint" ]; do sleep 0.1; done
EP=$(cat "$DATA.endpoint")
AK=JSSLOCALACCESSKEY000
SK=jss-local-secret-key-0000000000000000000
put() { # FILE KEY
  local date sig
  date=$(date -u '+%a, %d %b %Y %H:%M:%S GMT')
  sig=$(printf 'PUT\n\n\n%s\n/bench/%s' "$date" "$2" | openssl dgst -sha1 -hmac "$SK" -binary | base64)
  curl -sS -o /dev/null -w "$2: HTTP %{http_code} in %{time_total}s = %{speed_upload} B/s\n" \
    -T "$1" -H "Date: $date" -H "Authorization: jingdong $AK:$sig" "$EP/bench/$2"
}
cpu() {
  local tck line t
  echo "  (per-thread CPU seconds of the server; the main thread has the lowest id)"
  tck=$(getconf CLK_TCK)
  for t in /proc/$PID/task/*; do
    read -r line < "$t/stat"
    set -- $(echo "$line" | sed 's/^.*) //')
    [ $(( ${12} + ${13} )) -gt 10 ] && awk -v t="$(basename "$t")" -v c=$(( ${12} + ${13} )) -v k="$tck" \
      'BEGIN { printf "  thread %s: %.2f s CPU\n", t, c / k }'

  done
  return 0
}
put "$FILE" single-2gib
cpu
put "$HALF" parallel-a & put "$HALF" parallel-b
wait %2 2>/dev/null || true
echo "after both (cumulative):"
cpu
