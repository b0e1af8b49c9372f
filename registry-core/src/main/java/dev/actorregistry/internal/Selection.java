package dev.actorregistry.internal;

/**
 * Finds the n-th smallest of many values in linear time (Hoare's quickselect), for the
 * eviction of the least recently active actors: a full sort of every live actor's stamp
 * would cost more than the starts an eviction pays for.
 */
final class Selection {

	private Selection() {
	}

	/**
	 * The n-th smallest of the first {@code count} values, counting from zero. Reorders
	 * those values.
	 * @param values the values, reordered in place
	 * @param count how many of them to consider, at least one
	 * @param n which one, from 0 (the smallest) to {@code count - 1}
	 * @return the value that a sort would put at index {@code n}
	 */
	static long nthSmallest(long[] values, int count, int n) {
		if (n < 0 || n >= count || count > values.length) {
			throw new IllegalArgumentException("n " + n + " is not within the first " + count + " values");
		}
		int low = 0;
		int high = count - 1;
		while (low < high) {
			// the middle value as pivot: stamps often come in order, where the first
			// would
			// make this quadratic
			long pivot = values[(low + high) >>> 1];
			int i = low;
			int j = high;
			while (i <= j) {
				while (values[i] < pivot) {
					i++;
				}
				while (values[j] > pivot) {
					j--;
				}
				if (i <= j) {
					long swapped = values[i];
					values[i] = values[j];
					values[j] = swapped;
					i++;
					j--;
				}
			}
			// now values[low..j] <= pivot <= values[i..high], and those between equal it
			if (n <= j) {
				high = j;
			}
			else if (n >= i) {
				low = i;
			}
			else {
				return values[n];
			}
		}
		return values[n];
	}

}
