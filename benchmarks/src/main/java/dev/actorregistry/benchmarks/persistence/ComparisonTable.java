package dev.actorregistry.benchmarks.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The runs' results and their summary: per workload and variant, the medians over the
 * rounds, and the actor's throughput over each JPA variant's.
 */
final class ComparisonTable {

	private final List<DepositVariant> variants;

	private final Map<Workload, Map<DepositVariant, List<RunResult>>> results = new LinkedHashMap<>();

	ComparisonTable(List<DepositVariant> variants) {
		this.variants = variants;
	}

	void add(Workload workload, DepositVariant variant, RunResult result) {
		this.results.computeIfAbsent(workload, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(variant, (key) -> new ArrayList<>())
			.add(result);
	}

	/**
	 * The summary as a Markdown table: the first variant is the actor, the others the JPA
	 * variants it is divided by, the last first.
	 * @return the table
	 */
	String toMarkdown() {
		StringBuilder table = new StringBuilder("| workload |");
		for (DepositVariant variant : this.variants) {
			table.append(' ').append(variant.name()).append(" |");
		}
		DepositVariant actor = this.variants.get(0);
		List<DepositVariant> others = new ArrayList<>(this.variants.subList(1, this.variants.size()));
		Collections.reverse(others);
		for (DepositVariant other : others) {
			table.append(" actor ÷ ").append(other.shortName()).append(" |");
		}
		table.append("\n|---|").append("---|".repeat(this.variants.size() + others.size())).append('\n');
		this.results.forEach((workload, byVariant) -> {
			table.append("| ").append(workload).append(" |");
			for (DepositVariant variant : this.variants) {
				List<RunResult> runs = byVariant.getOrDefault(variant, List.of());
				table.append(
						String.format(" %,.0f dep/s, p50 %.1f ms, p99 %.1f ms |", median(runs, RunResult::throughput),
								median(runs, RunResult::p50Millis), median(runs, RunResult::p99Millis)));
			}
			double actorThroughput = median(byVariant.getOrDefault(actor, List.of()), RunResult::throughput);
			for (DepositVariant other : others) {
				double otherThroughput = median(byVariant.getOrDefault(other, List.of()), RunResult::throughput);
				table.append(String.format(" %.2f× |", actorThroughput / otherThroughput));
			}
			table.append('\n');
		});
		return table.toString();
	}

	private static double median(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

}
