package dev.actorregistry.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.test.InProcessCluster;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.SerializingInvocationCodec;

import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reminders of a clustered registry: the members share one reminder store, and only the
 * member that owns a key claims and fires its reminders, on the key's one actor.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterRemindersTests {

	private static final String[] MEMBERS = { "m1", "m2" };

	private final InProcessCluster cluster = new InProcessCluster(MEMBERS);

	private final InMemoryReminderStore store = new InMemoryReminderStore();

	private final ManualClock clock = new ManualClock();

	/** Ticks received, by member and key. */
	private final Map<String, Integer> ticks = new ConcurrentHashMap<>();

	private final Map<String, ActorRegistry<String, Alarm>> members = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.members.values().forEach(ActorRegistry::close);
	}

	@Test
	void onlyTheKeysOwnerFiresItsReminders() {
		for (String member : MEMBERS) {
			this.members.put(member,
					ActorRegistry
						.<String, Alarm>builder("alarms", String.class, (key, context) -> new Alarm(member, key))
						.clock(this.clock)
						.reminders(this.store)
						.cluster(this.cluster.member(member), new SerializingInvocationCodec())
						.build());
		}
		String key = "wake-up";
		String owner = this.cluster.ownerOf(key);
		String other = owner.equals("m1") ? "m2" : "m1";
		// registered through the member that does not own the key: the store is shared
		this.members.get(other).reminders().register(key, Reminder.once("ring", this.clock.instant()));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(RegistryTestKit.of(this.clock, List.of(this.members.get(other))).fireDueReminders()).isZero();
		assertThat(RegistryTestKit.of(this.clock, List.of(this.members.get(owner))).fireDueReminders()).isOne();
		eventually().until(() -> this.ticks.getOrDefault(owner + "/" + key, 0) == 1);
		assertThat(this.ticks).containsOnlyKeys(owner + "/" + key);
		assertThat(this.members.get(other).lookup(key)).isEmpty();
	}

	/** Counts its ticks where it runs. */
	final class Alarm implements Remindable {

		private final String member;

		private final String key;

		Alarm(String member, String key) {
			this.member = member;
			this.key = key;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			ClusterRemindersTests.this.ticks.merge(this.member + "/" + this.key, 1, Integer::sum);
		}

	}

}
