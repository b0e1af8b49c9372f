#!/usr/bin/env bash
# "Deposit into account id, durably committed before it returns" three ways, side by side on
# embedded PostgreSQL (fsync and synchronous_commit on): an actor with write-through, JPA
# @Version + retry, JPA PESSIMISTIC_WRITE. Prints each run, then the medians and the
# actor's ratios per workload (BENCHMARKS.md, "Write-through against hand-written JPA").
#   benchmarks/run-persistence.sh           # full: 5 rounds x 3 workloads x 3 variants, 5 s + 10 s each, ~12 min
#   benchmarks/run-persistence.sh --smoke   # 1 round, 2 s + 3 s, 20,000 cold accounts, ~1 min: checks it works
# System properties after the options go to the JVM, e.g. -Dbench.rounds=3 -Dbench.workloads=hot,many;
# see ComparisonSettings: bench.rounds, bench.warmup, bench.measure (seconds), bench.clients,
# bench.pool-size, bench.cold-accounts, bench.workloads (hot, many, cold).
set -euo pipefail
cd "$(dirname "$0")/.."

options=()
if [[ "${1:-}" == "--smoke" ]]; then
	shift
	options=(-Dbench.rounds=1 -Dbench.warmup=2 -Dbench.measure=3 -Dbench.cold-accounts=20000)
fi
./mvnw -B -q -pl benchmarks -am package -DskipTests
java -Xmx2g "${options[@]}" "$@" -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
	dev.actorregistry.benchmarks.persistence.PersistenceComparison
