package dev.actorregistry.benchmarks.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code wrk} with the deposits script against one variant and reads the line the
 * script prints at the end.
 */
final class Wrk implements AutoCloseable {

	private final HopSettings settings;

	private final Path script;

	Wrk(HopSettings settings) throws IOException {
		this.settings = settings;
		this.script = Files.createTempFile("deposits", ".lua");
		try (InputStream source = Wrk.class.getResourceAsStream("deposits.lua")) {
			if (source == null) {
				throw new IllegalStateException("deposits.lua is missing from the class path; rebuild the benchmarks");
			}
			Files.copy(source, this.script, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	HopResult run(HopVariant variant, int connections, Duration duration) throws IOException, InterruptedException {
		List<String> command = List.of(this.settings.wrk(), "-t", Integer.toString(this.settings.wrkThreads()), "-c",
				Integer.toString(connections), "-d", duration.toSeconds() + "s", "--timeout", "10s", "-s",
				this.script.toString(), "http://127.0.0.1:" + variant.port(), "--", variant.prefix(),
				Integer.toString(this.settings.accounts()));
		long cpuBefore = serverCpuNanos();
		Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
			wrk.destroyForcibly();
			throw new IllegalStateException("wrk failed on " + variant.name() + ": " + output);
		}
		long cpuNanos = serverCpuNanos() - cpuBefore;
		return output.lines()
			.filter((line) -> line.startsWith("RESULT "))
			.findFirst()
			.map((line) -> parse(line, cpuNanos))
			.orElseThrow(() -> new IllegalStateException("wrk printed no RESULT line: " + output));
	}

	// The server applications run in this JVM
	private static long serverCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	// RESULT requests duration_us p50_us p99_us errors
	private static HopResult parse(String line, long cpuNanos) {
		String[] fields = line.trim().split(" ");
		long requests = Long.parseLong(fields[1]);
		double seconds = Long.parseLong(fields[2]) / 1e6;
		return new HopResult(requests, requests / seconds, Long.parseLong(fields[3]) / 1e3,
				Long.parseLong(fields[4]) / 1e3, Long.parseLong(fields[5]), cpuNanos / 1e3 / Math.max(1, requests));
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(this.script);
	}

}
