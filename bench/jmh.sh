#!/usr/bin/env bash
# Builds the test classes (where the JMH benchmarks live) and runs the policy benchmarks.
# Usage: bench/jmh.sh [JMH arguments]; default: short runs of every policy benchmark.
#        bench/jmh.sh --cpu-time: the same loops timed by thread CPU time (busy machines).
# Results: target/jmh-policy.json (and the table on the terminal).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -DskipTests -Dcheckstyle.skip test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/jmh-classpath.txt >/dev/null
classpath="target/test-classes:target/classes:$(cat target/jmh-classpath.txt)"

if [ "${1:-}" = "--cpu-time" ]; then
    exec java -cp "$classpath" dev.bandstand.bench.CpuTimeCheck
fi
if [ "$#" -eq 0 ]; then
    set -- 'dev.bandstand.bench.*' -wi 3 -w 1s -i 5 -r 1s -f 1 -prof gc \
        -rf json -rff target/jmh-policy.json
fi
exec java -cp "$classpath" org.openjdk.jmh.Main "$@"
