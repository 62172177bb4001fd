#!/usr/bin/env bash
# Cost of explanations over HTTP: one in-memory Bandstand (tabular epsilon-greedy placement of
# bench/bandstand-bench.yaml) driven alternately without and with "explain": true, three
# times each, in one run; prints the load driver's tables and the CPU time of the server per
# decision for each. Starts its own server on a free loopback port and stops exactly it.
#
# Usage: bench/explain.sh        (environment: PHASE_SECONDS=10 CONCURRENCY=32
#                                 CONFIG=bench/bandstand-bench.yaml)
# Needs: java 17, mvn, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PHASE_SECONDS=${PHASE_SECONDS:-10}
CONCURRENCY=${CONCURRENCY:-32}
CONFIG=${CONFIG:-bench/bandstand-bench.yaml}

if [ ! -f target/bandstand.jar ] || [ ! -d target/test-classes/dev/bandstand/bench ]; then
  mvn -q -B -DskipTests package
fi
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

WORK=$(mktemp -d -t bandstand-explain-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=
for _ in $(seq 100); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    PORT=$candidate
    break
  fi
done
[ -n "$PORT" ] || { echo "no free port" >&2; exit 1; }

java -jar target/bandstand.jar serve --config "$CONFIG" --host 127.0.0.1 --port "$PORT" \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break
  sleep 0.1
done

URL="http://127.0.0.1:$PORT"
echo "## Explanations over HTTP: $PHASE_SECONDS s per phase, $CONCURRENCY connections," \
  "rewards for half the decisions; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Dwarmup="$PHASE_SECONDS" -cp "$CP" dev.bandstand.bench.LoadDriver run \
  "$PHASE_SECONDS" "$CONCURRENCY" 0.5 artwork \
  "plain-1=$URL=$SERVER_PID" "explain-1=$URL=$SERVER_PID" \
  "plain-2=$URL=$SERVER_PID" "explain-2=$URL=$SERVER_PID" \
  "plain-3=$URL=$SERVER_PID" "explain-3=$URL=$SERVER_PID"
