#!/usr/bin/env bash
# The HTTP hop (issue 15): one deposit endpoint on Tomcat, persistence off, served over a
# synchronized map and through an actor (the future returned; join() on platform request
# threads; join() on virtual threads), loaded by wrk side by side. Prints each run, then
# the medians and each variant's ratio to the map (BENCHMARKS.md, "HTTP hop (issue 15)").
#   benchmarks/run-http.sh           # full: 10 s JIT warm-up per variant, then 5 rounds x 2 connection counts x 7 variants, 3 s + 10 s each, ~16 min
#   benchmarks/run-http.sh --smoke   # 3 s JIT warm-up, 1 round, 1 s + 4 s, ~2 min: checks it works, not for figures
# System properties after the options go to the JVM, e.g. -Dbench.rounds=3 -Dbench.connections=16;
# see HopSettings: bench.rounds, bench.warmup, bench.measure (seconds), bench.connections,
# bench.wrk-threads, bench.accounts, bench.wrk (the executable), bench.jit-warmup (seconds),
# bench.variants (map, future, join, call, vmap, vfuture, vjoin; the map always runs, as the baseline).
# Needs wrk (Debian: apt-get install wrk). The virtual-thread variants need Java 21 or newer:
# $JDK21_HOME, or the newest JDK found in /usr/lib/jvm; on an older JDK they are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

options=()
if [[ "${1:-}" == "--smoke" ]]; then
	shift
	options=(-Dbench.rounds=1 -Dbench.jit-warmup=3 -Dbench.warmup=1 -Dbench.measure=4)
fi
java_command=java
if [[ -n "${JDK21_HOME:-}" ]]; then
	java_command="$JDK21_HOME/bin/java"
else
	for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
		version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' || true)
		if [[ -n "$version" && "$version" -ge 21 ]]; then
			java_command="$candidate/bin/java"
			break
		fi
	done
fi
./mvnw -B -q -pl benchmarks -am package -DskipTests
"$java_command" -Xmx1g "${options[@]}" "$@" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
	dev.actorregistry.benchmarks.http.HttpHopComparison
