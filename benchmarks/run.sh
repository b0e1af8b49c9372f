#!/usr/bin/env bash
# Runs every benchmark once in its short mode (each class's own JMH settings: one fork,
# a few one-second iterations) and prints the table of BENCHMARKS.md. About 5 minutes
# on a 2-core machine. Extra arguments go to JMH, e.g. a regex to run some benchmarks:
#   benchmarks/run.sh Tell
# The blocking-actors benchmark measures virtual threads, so it runs on a JDK 21 or newer:
# $JDK21_HOME, or the newest JDK found in /usr/lib/jvm; it is skipped when there is none.
# Write-through against hand-written JPA on PostgreSQL is not JMH and not run here:
# benchmarks/run-persistence.sh (--smoke for a one-minute check).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl benchmarks -am package -DskipTests
classpath="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
results=benchmarks/target/results
rm -rf "$results" && mkdir -p "$results"

# The table compares registries without context propagation; the other variants of
# TellBenchmark and AskBenchmark (-p context=EMPTY,UNSET,REGISTERED) are in BENCHMARKS.md.
# RoutedCallBenchmark (two Hazelcast members beside two Pekko nodes, about ten minutes) is
# run on its own, as BENCHMARKS.md "Routed calls between two members" gives the command.
java -cp "$classpath" org.openjdk.jmh.Main -e 'BlockingActors|RoutedCall' -p context=NONE -rf csv -rff "$results/main.csv" "$@"

modern_java=""
if [[ -n "${JDK21_HOME:-}" ]]; then
	modern_java="$JDK21_HOME/bin/java"
else
	for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
		version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' || true)
		if [[ -n "$version" && "$version" -ge 21 ]]; then
			modern_java="$candidate/bin/java"
			break
		fi
	done
fi
if [[ -n "$modern_java" ]]; then
	java -cp "$classpath" org.openjdk.jmh.Main BlockingActors -jvm "$modern_java" -rf csv -rff "$results/blocking.csv" "$@"
else
	echo "No JDK 21 or newer found (set JDK21_HOME): the blocking-actors benchmark is skipped." >&2
fi

{
	echo "Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr)"
	echo "JDK: $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')${modern_java:+; blocking actors on $("$modern_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')}"
	echo
	java -cp "$classpath" dev.actorregistry.benchmarks.BenchmarkReport "$results"/*.csv
} | tee "$results/table.md"
