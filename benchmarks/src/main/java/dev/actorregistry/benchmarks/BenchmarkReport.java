package dev.actorregistry.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Turns the CSV files of a JMH run into the table of {@code BENCHMARKS.md}: each of our
 * figures beside its peer's from the same run, their ratio, and the target.
 * <p>
 * Usage: {@code BenchmarkReport results.csv...}
 */
public final class BenchmarkReport {

	private static final String PACKAGE = BenchmarkReport.class.getPackageName() + ".";

	/** A JMH result: its score and unit. */
	record Score(double value, String unit) {

		String format() {
			double magnitude = Math.abs(this.value);
			String digits = (magnitude >= 100) ? "%.0f" : (magnitude >= 10) ? "%.1f" : "%.2f";
			return String.format(Locale.ROOT, digits, this.value) + " " + this.unit;
		}

	}

	/**
	 * One row of the table: our figure and the peer's, named by benchmark, method and
	 * parameter as JMH names them.
	 *
	 * @param title what the row measures
	 * @param ours our result's name
	 * @param peerName the peer, in words
	 * @param peer the peer's result's name
	 * @param target the target, in words, or empty
	 * @param met whether the ratio of ours to the peer's meets the target
	 */
	record Row(String title, String ours, String peerName, String peer, String target, RatioTest met) {
	}

	/** Whether a ratio (ours ÷ peer) meets its target. */
	interface RatioTest {

		RatioTest NONE = (ratio, ours) -> null;

		/**
		 * @param ratio ours ÷ peer
		 * @param ours our score
		 * @return whether the target is met, or null if there is none
		 */
		@Nullable Boolean test(double ratio, double ours);

	}

	private static final List<Row> ROWS = List.of(
			new Row("lookup hit", "LookupBenchmark.registry", "ConcurrentHashMap.get",
					"LookupBenchmark.concurrentHashMap", "≥ 0.5×", (ratio, ours) -> ratio >= 0.5),
			new Row("activation rate", "ActivationBenchmark.registry", "Pekko spawn", "ActivationBenchmark.pekko",
					"≥ 2×", (ratio, ours) -> ratio >= 2),
			tell("1 actor, 1 producer", "1Producer", "1"), tell("1 actor, 2 producers", "2Producers", "1"),
			tell("10,000 actors, 1 producer", "1Producer", "10000"),
			tell("10,000 actors, 2 producers", "2Producers", "10000"),
			new Row("ask round trip (latency)", "AskBenchmark.registry@NONE", "Pekko ask", "AskBenchmark.pekko@NONE",
					"≤ 0.8×", (ratio, ours) -> ratio <= 0.8),
			new Row("heap per idle actor", "IdleActorFootprintBenchmark.registry:bytesPerActor", "Pekko",
					"IdleActorFootprintBenchmark.pekko:bytesPerActor", "≤ 0.25× and ≤ 200 B",
					(ratio, ours) -> ratio <= 0.25 && ours <= 200),
			new Row("retained heap, 1,000,000 idle actors", "IdleActorFootprintBenchmark.registry:retainedMiB", "Pekko",
					"IdleActorFootprintBenchmark.pekko:retainedMiB", "≤ 256 MiB", (ratio, ours) -> ours <= 256),
			new Row("drain 100,000 actors × 10 messages (time)", "DrainBenchmark.registry", "JDK executor shutdown",
					"DrainBenchmark.executorService", "", RatioTest.NONE),
			new Row("messages lost by the drain", "DrainBenchmark.registry:lost", "JDK executor shutdown",
					"DrainBenchmark.executorService:lost", "0", (ratio, ours) -> ours == 0),
			new Row("Spring @Actor activation (throughput)", "SpringActivationBenchmark.registry", "raw getBean",
					"SpringActivationBenchmark.getBean", "≥ 0.83× (cost ≤ 1.2×)", (ratio, ours) -> ratio >= 1 / 1.2),
			new Row("blocking actors, 1 ms per message (JDK 25)", "BlockingActorsBenchmark.virtualThreads",
					"bounded pool of 16 platform threads", "BlockingActorsBenchmark.platformPool", "", RatioTest.NONE));

	private BenchmarkReport() {
	}

	private static Row tell(String load, String producers, String actors) {
		// the table compares registries without context propagation (context=NONE)
		return new Row("tell throughput, " + load, "TellBenchmark.registry" + producers + "@" + actors + ",NONE",
				"Pekko tell", "TellBenchmark.pekko" + producers + "@" + actors + ",NONE", "≥ 1.5×",
				(ratio, ours) -> ratio >= 1.5);
	}

	/**
	 * Print the table.
	 * @param args the CSV files JMH wrote ({@code -rf csv})
	 * @throws IOException if one cannot be read
	 */
	public static void main(String[] args) throws IOException {
		Map<String, Score> scores = new HashMap<>();
		for (String file : args) {
			read(Path.of(file), scores);
		}
		System.out.println("| benchmark | ours | peer | peer's | ratio (ours ÷ peer) | target | met |");
		System.out.println("| --- | ---: | --- | ---: | ---: | --- | --- |");
		for (Row row : ROWS) {
			Score ours = scores.get(row.ours());
			Score peer = scores.get(row.peer());
			if (ours == null && peer == null) {
				continue;
			}
			String ratio = "";
			String met = "";
			if (ours != null && peer != null) {
				double value = ours.value() / peer.value();
				ratio = (peer.value() == 0) ? "" : String.format(Locale.ROOT, "%.2f×", value);
				Boolean verdict = row.met().test(value, ours.value());
				met = (verdict == null) ? "" : verdict ? "yes" : "**no**";
			}
			System.out.println("| " + row.title() + " | " + format(ours) + " | " + row.peerName() + " | " + format(peer)
					+ " | " + ratio + " | " + row.target() + " | " + met + " |");
		}
	}

	/** JMH gives secondary results the unit "#": name what they count. */
	private static String unit(String result, String unit) {
		if (!unit.equals("#")) {
			return unit;
		}
		if (result.endsWith(":bytesPerActor")) {
			return "B";
		}
		if (result.endsWith(":retainedMiB")) {
			return "MiB";
		}
		return result.endsWith(":lost") ? "messages" : unit;
	}

	private static String format(@Nullable Score score) {
		return (score != null) ? score.format() : "not run";
	}

	/**
	 * Read a JMH CSV file: benchmark, mode, threads, samples, score, error, unit, then
	 * one column per parameter. A result is named by its benchmark without the package,
	 * followed by {@code @} and its parameters when it has any.
	 */
	private static void read(Path file, Map<String, Score> scores) throws IOException {
		List<String> lines = Files.readAllLines(file);
		for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
			List<String> cells = cells(line);
			if (cells.size() < 7) {
				continue;
			}
			StringBuilder name = new StringBuilder(cells.get(0).replace(PACKAGE, ""));
			String separator = "@";
			for (String parameter : cells.subList(7, cells.size())) {
				if (!parameter.isEmpty()) {
					// other benchmarks' parameters leave this one's cells empty
					name.append(separator).append(parameter);
					separator = ",";
				}
			}
			scores.put(name.toString(),
					new Score(Double.parseDouble(cells.get(4)), unit(name.toString(), cells.get(6))));
		}
	}

	private static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (char c : line.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		cells.add(cell.toString());
		return cells;
	}

}
