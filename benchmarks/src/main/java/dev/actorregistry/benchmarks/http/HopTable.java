package dev.actorregistry.benchmarks.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The runs' results and their summary: per connection count and variant, the medians over
 * the rounds, and each variant's throughput over the map's on the same kind of request
 * thread, and over the map's on platform threads (the first variant).
 */
final class HopTable {

	private final List<HopVariant> variants;

	private final Map<Integer, Map<HopVariant, List<HopResult>>> results = new LinkedHashMap<>();

	HopTable(List<HopVariant> variants) {
		this.variants = variants;
	}

	void add(int connections, HopVariant variant, HopResult result) {
		this.results.computeIfAbsent(connections, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(variant, (key) -> new ArrayList<>())
			.add(result);
	}

	/**
	 * The summary as a Markdown table, a row per variant and a column per connection
	 * count.
	 * @return the table
	 */
	String toMarkdown() {
		StringBuilder table = new StringBuilder("| variant |");
		this.results.keySet().forEach((connections) -> table.append(' ').append(connections).append(" connections |"));
		table.append("\n|---|").append("---|".repeat(this.results.size())).append('\n');
		HopVariant platformMap = this.variants.get(0);
		for (HopVariant variant : this.variants) {
			HopVariant map = this.variants.stream()
				.filter((candidate) -> candidate.prefix().equals(platformMap.prefix())
						&& candidate.virtualThreads() == variant.virtualThreads())
				.findFirst()
				.orElse(platformMap);
			table.append("| ").append(variant.name()).append(" |");
			this.results.forEach((connections, byVariant) -> {
				List<HopResult> runs = byVariant.getOrDefault(variant, List.of());
				double throughput = median(runs, HopResult::throughput);
				table.append(String.format(" %,.0f req/s, p99 %.1f ms, %.0f µs CPU/req, **%.2f×**", throughput,
						median(runs, HopResult::p99Millis), median(runs, HopResult::cpuMicrosPerRequest),
						throughput / median(byVariant.getOrDefault(map, List.of()), HopResult::throughput)));
				if (map != platformMap) {
					table.append(String.format(" (%.2f×)", throughput
							/ median(byVariant.getOrDefault(platformMap, List.of()), HopResult::throughput)));
				}
				table.append(" |");
			});
			table.append('\n');
		}
		return table.toString();
	}

	private static double median(List<HopResult> runs, ToDoubleFunction<HopResult> figure) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

}
