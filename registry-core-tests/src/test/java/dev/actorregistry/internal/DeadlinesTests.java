package dev.actorregistry.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's rule for timeouts in nanoseconds: a duration too long to count, and a
 * deadline past the end of the range, both mean no limit rather than a wrapped, negative
 * number that would have expired already.
 */
class DeadlinesTests {

	@Test
	void aDurationIsItsNanoseconds() {
		assertThat(Deadlines.nanos(Duration.ofMillis(250))).isEqualTo(250_000_000L);
		assertThat(Deadlines.nanos(Duration.ZERO)).isZero();
	}

	@Test
	void aDurationTooLongToCountInNanosecondsIsNoLimit() {
		assertThat(Deadlines.nanos(Duration.ofDays(365L * 1_000))).isEqualTo(Long.MAX_VALUE);
		assertThat(Deadlines.nanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void aDeadlineIsTheReadingPlusTheTimeout() {
		assertThat(Deadlines.after(1_000, 500)).isEqualTo(1_500);
		// nano clock readings may be negative
		assertThat(Deadlines.after(-1_000, 500)).isEqualTo(-500);
	}

	@Test
	void aDeadlinePastTheEndOfTheRangeIsNone() {
		assertThat(Deadlines.after(Long.MAX_VALUE - 10, 11)).isEqualTo(Long.MAX_VALUE);
		assertThat(Deadlines.after(5, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
	}

}
