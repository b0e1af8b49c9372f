package dev.actorregistry.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.reminder.StoredReminder;

import static dev.actorregistry.reminder.MissedTickPolicy.CATCH_UP;
import static dev.actorregistry.reminder.MissedTickPolicy.FIRE_ONCE;
import static dev.actorregistry.reminder.MissedTickPolicy.SKIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link ReminderPlan} is a pure function of the stored reminder, the time, the misfire
 * threshold and the catch-up limit: a table of cases, each with the ticks, the missed
 * count and the next due tick it must plan. Times are minutes after {@link #FIRST}, the
 * reminder's first due time; the period, if any, is {@link #PERIOD} minutes.
 */
class ReminderPlanTests {

	private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");

	private static final long PERIOD = 10;

	private static final long SEQUENCE = 40;

	private static final long NONE = -1;

	static Stream<Arguments> plans() {
		return Stream.of(
				// case, periodic, policy, now, threshold, catch-up limit; ticks as
				// "sequence@due/missed", missed, next due, next sequence
				arguments("one-shot on time", false, FIRE_ONCE, 0, 1, 5, List.of("40@0/0"), 0, NONE, 41),
				arguments("one-shot claimed before its time", false, SKIP, -3, 1, 5, List.of("40@0/0"), 0, NONE, 41),
				arguments("one-shot late within the threshold, skip", false, SKIP, 1, 1, 5, List.of("40@0/0"), 0, NONE,
						41),
				arguments("one-shot late past the threshold, skip", false, SKIP, 2, 1, 5, List.of(), 1, NONE, 41),
				arguments("one-shot late past the threshold, fire once", false, FIRE_ONCE, 60, 1, 5, List.of("40@0/0"),
						0, NONE, 41),
				arguments("one-shot late past the threshold, catch up", false, CATCH_UP, 60, 1, 5, List.of("40@0/0"), 0,
						NONE, 41),
				arguments("periodic on time", true, SKIP, 0, 1, 5, List.of("40@0/0"), 0, 10, 41),
				arguments("periodic just before its second tick", true, FIRE_ONCE, 9, 1, 5, List.of("40@0/0"), 0, 10,
						41),
				arguments("periodic at its second tick", true, FIRE_ONCE, 10, 1, 5, List.of("41@10/1"), 1, 20, 42),
				arguments("periodic four due, fire once", true, FIRE_ONCE, 35, 1, 5, List.of("43@30/3"), 3, 40, 44),
				arguments("periodic four due, last one past the threshold, skip", true, SKIP, 35, 4, 5, List.of(), 4,
						40, 44),
				arguments("periodic four due, last one on the threshold, skip", true, SKIP, 35, 5, 5,
						List.of("43@30/3"), 3, 40, 44),
				arguments("periodic four due, catch up within the limit", true, CATCH_UP, 35, 1, 5,
						List.of("40@0/0", "41@10/0", "42@20/0", "43@30/0"), 0, 40, 44),
				arguments("periodic four due, catch up to the limit", true, CATCH_UP, 35, 1, 4,
						List.of("40@0/0", "41@10/0", "42@20/0", "43@30/0"), 0, 40, 44),
				arguments("periodic four due, catch up past the limit", true, CATCH_UP, 35, 1, 2,
						List.of("42@20/2", "43@30/0"), 2, 40, 44),
				arguments("periodic a thousand due, catch up past the limit", true, CATCH_UP, 9_999, 1, 1,
						List.of("1039@9990/999"), 999, 10_000, 1040));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("plans")
	void planDeliversTheTicksThePolicyAllowsAndSchedulesTheNextDue(String name, boolean periodic,
			MissedTickPolicy policy, long now, long thresholdMinutes, int maxCatchUp, List<String> ticks, long missed,
			long nextDue, long nextSequence) {
		Instant at = minutes(now);
		ReminderPlan plan = ReminderPlan.of(reminder(periodic, policy), at, Duration.ofMinutes(thresholdMinutes),
				maxCatchUp);
		assertThat(plan.ticks()).extracting(ReminderPlanTests::describe).containsExactlyElementsOf(ticks);
		assertThat(plan.ticks()).allSatisfy((tick) -> {
			assertThat(tick.name()).isEqualTo("report");
			assertThat(tick.firedAt()).isEqualTo(at);
		});
		assertThat(plan.missed()).as("missed").isEqualTo(missed);
		assertThat(plan.nextDueAt()).as("next due").isEqualTo((nextDue != NONE) ? minutes(nextDue) : null);
		assertThat(plan.nextSequence()).as("next sequence").isEqualTo(nextSequence);
	}

	@Test
	void theSameClaimPlansTheSameTicksWithTheSameIds() {
		StoredReminder reminder = reminder(true, CATCH_UP);
		ReminderPlan once = ReminderPlan.of(reminder, minutes(35), Duration.ofMinutes(1), 3);
		ReminderPlan again = ReminderPlan.of(reminder, minutes(35), Duration.ofMinutes(1), 3);
		assertThat(again).isEqualTo(once);
		assertThat(again.ticks()).extracting(ReminderTick::id).containsExactly("report#41", "report#42", "report#43");
	}

	@Test
	void thePlannedTicksCannotBeChanged() {
		ReminderPlan plan = ReminderPlan.of(reminder(true, CATCH_UP), minutes(35), Duration.ofMinutes(1), 3);
		assertThat(plan.ticks()).isUnmodifiable();
	}

	private static StoredReminder reminder(boolean periodic, MissedTickPolicy policy) {
		@Nullable Duration period = periodic ? Duration.ofMinutes(PERIOD) : null;
		return new StoredReminder("plans", "k", "report", FIRST, period, policy, SEQUENCE, "owner",
				FIRST.plusSeconds(60), 3);
	}

	private static String describe(ReminderTick tick) {
		return tick.sequence() + "@" + Duration.between(FIRST, tick.dueAt()).toMinutes() + "/" + tick.missedTicks();
	}

	private static Instant minutes(long minutes) {
		return FIRST.plus(Duration.ofMinutes(minutes));
	}

}
