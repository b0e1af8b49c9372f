package dev.actorregistry.benchmarks.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Balances of entities read back for the harness's check. */
final class CommittedBalances {

	// well below PostgreSQL's limit of bind parameters in one statement
	private static final int CHUNK = 1000;

	private CommittedBalances() {
	}

	static <T> Map<Long, Long> read(Set<Long> ids, Function<List<Long>, List<T>> find, ToLongFunction<T> id,
			ToLongFunction<T> balance) {
		Map<Long, Long> balances = new HashMap<>();
		List<Long> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += CHUNK) {
			for (T account : find.apply(all.subList(from, Math.min(all.size(), from + CHUNK)))) {
				balances.put(id.applyAsLong(account), balance.applyAsLong(account));
			}
		}
		return balances;
	}

}
