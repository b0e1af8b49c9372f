package dev.actorregistry.benchmarks.persistence;

/**
 * The measured part of one run of one variant on one workload.
 *
 * @param deposits deposits acknowledged while measuring
 * @param throughput deposits a second
 * @param p50Millis the median latency
 * @param p99Millis the 99th percentile latency
 * @param errors deposits that failed while measuring
 * @param retries retries after a conflict while measuring
 */
record RunResult(long deposits, double throughput, double p50Millis, double p99Millis, long errors, long retries) {

	@Override
	public String toString() {
		return String.format("%,8.0f dep/s  p50 %7.2f ms  p99 %7.2f ms  (%,d deposits, %,d errors, %,d retries)",
				this.throughput, this.p50Millis, this.p99Millis, this.deposits, this.errors, this.retries);
	}

}
