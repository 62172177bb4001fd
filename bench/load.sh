#!/usr/bin/env bash
# Load benchmark: a Redis-backed Bandstand next to a bare Vert.x endpoint that answers JSON of
# the same size (and the same Bandstand with its in-memory store), all driven over HTTP on
# 127.0.0.1 in the same run, then the Redis memory taken per pending decision. Starts its own
# redis-server, Bandstand and bare endpoint on free loopback ports and stops exactly those
# processes when it ends. Bounded in time.
#
# Usage: bench/load.sh            (environment: PHASE_SECONDS=20 WARMUP_SECONDS=30
#                                  CONCURRENCY=32 REWARD_SHARE=0.5
#                                  CONFIG=bench/bandstand-bench.yaml
#                                  SERVE_JAVA_OPTS="-Xmx1g ..." JAR=target/bandstand.jar)
# The warm-up is long because on two shared cores the JIT compiler still takes a large share
# of a server's CPU a minute after start.
# Needs: java 17, mvn, redis-server, redis-cli, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PHASE_SECONDS=${PHASE_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
CONCURRENCY=${CONCURRENCY:-32}
REWARD_SHARE=${REWARD_SHARE:-0.5}
CONFIG=${CONFIG:-bench/bandstand-bench.yaml}
# JVM flags for both Bandstand servers (default: none, the JVM's defaults, G1). Tried on
# 2026-12-04: "-Xms512m -Xmx512m -XX:+UseZGC" left the Redis-backed server's CPU per decision
# as it was and starved the in-memory one, whose heap holds every pending decision.
# G1's young pauses set the open loop's tail: they were 7-17 ms while the Redis store kept its
# recent decisions as made; kept encoded, about half that (docs/benchmarks-redis.md, 01:00).
SERVE_JAVA_OPTS=${SERVE_JAVA_OPTS-}
JAR=${JAR:-target/bandstand.jar}
PLACEMENT=artwork
PREFIX=bench

if [ ! -f target/bandstand.jar ] || [ ! -d target/test-classes/dev/bandstand/bench ]; then
  mvn -q -B -DskipTests package
fi
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

WORK=$(mktemp -d -t bandstand-bench-XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A port nobody listens on, picked at random in 20000..39999.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port" >&2
  exit 1
}

await_http() {
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$1" && return
    sleep 0.1
  done
  echo "nothing answers at $1; logs in $WORK" >&2
  exit 1
}

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$WORK" --daemonize no --logfile "$WORK/redis.log" &
REDIS_PID=$!
PIDS+=($REDIS_PID)
for _ in $(seq 100); do
  [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ] && break
  sleep 0.1
done

BANDSTAND_PORT=$(free_port)
# shellcheck disable=SC2086 # the options are words
java $SERVE_JAVA_OPTS -jar "$JAR" serve --config "$CONFIG" --port "$BANDSTAND_PORT" \
  --redis "redis://127.0.0.1:$REDIS_PORT" > "$WORK/bandstand.log" 2>&1 &
BANDSTAND_PID=$!
PIDS+=($BANDSTAND_PID)
await_http "http://127.0.0.1:$BANDSTAND_PORT/health"

# The same service with its in-memory store, to tell the cost of Redis from the rest.
MEMORY_PORT=$(free_port)
# shellcheck disable=SC2086
java $SERVE_JAVA_OPTS -jar "$JAR" serve --config "$CONFIG" --port "$MEMORY_PORT" \
  > "$WORK/memory.log" 2>&1 &
MEMORY_PID=$!
PIDS+=($MEMORY_PID)
await_http "http://127.0.0.1:$MEMORY_PORT/health"

SIZE=$(java -cp "$CP" dev.bandstand.bench.LoadDriver probe \
  "http://127.0.0.1:$BANDSTAND_PORT" "$PLACEMENT")
BARE_PORT=$(free_port)
java -cp "$CP" dev.bandstand.bench.BareServer "$BARE_PORT" "$SIZE" > "$WORK/bare.log" 2>&1 &
BARE_PID=$!
PIDS+=($BARE_PID)
await_http "http://127.0.0.1:$BARE_PORT/"

echo "## Load: $WARMUP_SECONDS s warm-up, $PHASE_SECONDS s per phase, $CONCURRENCY" \
  "connections, rewards for" \
  "$REWARD_SHARE of decisions, decision answer $SIZE bytes"
echo
java -Dwarmup="$WARMUP_SECONDS" -cp "$CP" dev.bandstand.bench.LoadDriver run \
  "$PHASE_SECONDS" "$CONCURRENCY" \
  "$REWARD_SHARE" "$PLACEMENT" "bare=http://127.0.0.1:$BARE_PORT=$BARE_PID" \
  "bandstand-redis=http://127.0.0.1:$BANDSTAND_PORT=$BANDSTAND_PID+$REDIS_PID" \
  "bandstand-memory=http://127.0.0.1:$MEMORY_PORT=$MEMORY_PID"

# Memory per decision: the record key, its entry in a deadline bucket (a list per second of
# deadline) and the bucket keys and deadline index spread over the decisions, that is every
# key of the placement but its sums hash.
cli() { redis-cli -p "$REDIS_PORT" "$@"; }
mean_usage() {
  local total=0 n=0 bytes
  while read -r key; do
    bytes=$(cli memory usage "$key" samples 0)
    total=$((total + bytes))
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] && echo "$((total / n)) bytes (mean of $n keys)" || echo "no keys"
}
# Sums MEMORY USAGE over the keys matching $1, leaving out the key $2.
usage_of() {
  cli eval "local t = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do
    if k ~= ARGV[2] then t = t + redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') end
    end return t" 0 "$1" "${2:-}"
}
TAG="$PREFIX:{$PLACEMENT}"
RECORDS=$(cli eval "return #redis.call('KEYS', ARGV[1])" 0 "$TAG:e:*")
IDS=$(cli eval "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do
  n = n + redis.call('LLEN', k) end return n" 0 "$TAG:d:*")
BUCKET_BYTES=$(usage_of "$TAG:d:*")
INDEX_BYTES=$(cli memory usage "$TAG:d" samples 0)
ALL_BYTES=$(usage_of "$TAG:*" "$TAG:s")
echo
echo "## Redis memory"
echo
echo "- decision records (\`$TAG:e:<id>\`): $RECORDS;" \
  "$(cli --scan --pattern "$TAG:e:*" | head -n 500 | mean_usage)"
echo "- deadline buckets (\`$TAG:d:<second>\`): $BUCKET_BYTES bytes for $IDS event ids," \
  "$((BUCKET_BYTES / (IDS > 0 ? IDS : 1))) bytes each; deadline index \`$TAG:d\`:" \
  "$INDEX_BYTES bytes"
echo "- every key of the placement but its sums hash: $ALL_BYTES bytes for $RECORDS" \
  "decisions, $((ALL_BYTES / (RECORDS > 0 ? RECORDS : 1))) bytes each"
echo "- keys: $(cli dbsize); used_memory: $(cli info memory | tr -d '\r' \
  | sed -n 's/^used_memory_human://p')"

# Where redis-server's time went (commands a script calls are counted too, inside its own).
echo
echo "## redis-server commands (calls, µs per call, µs in all)"
echo
STAT='s/^cmdstat_\([^:]*\):calls=\([0-9]*\),usec=\([0-9]*\),usec_per_call=\([0-9.]*\).*/'
cli info commandstats | tr -d '\r' | sed -n "$STAT\\3 \\1 \\2 \\4/p" | sort -rn | head -n 12 \
  | while read -r usec name calls per; do
    echo "- $name: $calls calls, $per µs each, $usec µs"
  done
