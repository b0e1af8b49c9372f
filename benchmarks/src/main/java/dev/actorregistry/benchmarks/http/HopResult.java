package dev.actorregistry.benchmarks.http;

/**
 * One wrk run's figures.
 *
 * @param requests requests completed
 * @param throughput requests a second
 * @param p50Millis the median latency
 * @param p99Millis the 99th percentile latency
 * @param errors socket errors, timeouts and non-2xx answers
 * @param cpuMicrosPerRequest the server JVM's CPU time (all its threads) over the
 * requests: less sensitive to other load on the machine than the throughput
 */
record HopResult(long requests, double throughput, double p50Millis, double p99Millis, long errors,
		double cpuMicrosPerRequest) {

	@Override
	public String toString() {
		return String.format("%,8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  %5.0f µs CPU/req  (%,d requests, %,d errors)",
				this.throughput, this.p50Millis, this.p99Millis, this.cpuMicrosPerRequest, this.requests, this.errors);
	}

}
