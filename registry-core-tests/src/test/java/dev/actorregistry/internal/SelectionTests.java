package dev.actorregistry.internal;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The n-th smallest stamp, as a sort would place it, for every n, on the shapes stamps
 * come in: random, in order, in reverse, all alike, and with many repeats.
 */
class SelectionTests {

	private final Random random = new Random(13);

	@Test
	void findsWhatASortPutsAtEveryIndex() {
		for (int round = 0; round < 200; round++) {
			int count = 1 + this.random.nextInt(300);
			long[] values = shape(round % 5, count);
			long[] sorted = values.clone();
			Arrays.sort(sorted);
			for (int n = 0; n < count; n++) {
				assertThat(Selection.nthSmallest(values.clone(), count, n))
					.as("shape %d, n %d of %d", round % 5, n, count)
					.isEqualTo(sorted[n]);
			}
		}
	}

	@Test
	void considersOnlyTheFirstCountValues() {
		long[] values = { 5, 4, 3, 2, 1, -100, -200 };
		assertThat(Selection.nthSmallest(values, 5, 0)).isEqualTo(1);
		assertThat(Selection.nthSmallest(values, 5, 4)).isEqualTo(5);
	}

	@Test
	void refusesAnIndexOutsideTheValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> Selection.nthSmallest(new long[] { 1, 2 }, 2, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> Selection.nthSmallest(new long[] { 1, 2 }, 3, 0));
	}

	private long[] shape(int shape, int count) {
		return switch (shape) {
			case 0 -> this.random.longs(count).toArray();
			case 1 -> LongStream.range(0, count).toArray();
			case 2 -> LongStream.range(0, count).map((i) -> count - i).toArray();
			case 3 -> LongStream.generate(() -> 7).limit(count).toArray();
			default -> this.random.longs(count, 0, 4).toArray();
		};
	}

}
