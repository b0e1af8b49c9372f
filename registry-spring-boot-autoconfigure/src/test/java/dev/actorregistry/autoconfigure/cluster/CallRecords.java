package dev.actorregistry.autoconfigure.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.persistence.StateConflictException;

/**
 * Every call the clients made, each with a unique id, the event under way when it ended,
 * the instance it went through and what became of it; and, once the ledgers' final states
 * are read, what each event's calls left in them.
 */
final class CallRecords {

	/** What became of a call, as its caller saw it. */
	enum Outcome {

		/** It returned: the ledger applied it, and saved that before answering. */
		ACKNOWLEDGED,

		/** It failed as not run, so it must not be in any ledger. */
		NOT_RUN,

		/** It failed with its outcome unknown: it may be in its ledger, once at most. */
		OUTCOME_UNKNOWN,

		/**
		 * Its ledger's save was refused as stale (another activation saved a newer
		 * revision), so its change was discarded: it must not be in any ledger.
		 */
		STATE_CONFLICT,

		/** Any other failure. */
		OTHER

	}

	/**
	 * One call.
	 *
	 * @param id its unique id
	 * @param key the ledger it was for
	 * @param event the event under way when it ended
	 * @param via the instance whose client made it
	 * @param outcome what became of it
	 * @param failure for a failure, its class (and remote type); else null
	 */
	record Call(long id, String key, String event, String via, Outcome outcome, @Nullable String failure) {
	}

	private final AtomicLong ids = new AtomicLong();

	private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

	private final Map<String, AtomicLong> acknowledgedVia = new ConcurrentHashMap<>();

	/** The first message of each kind of failure, for a person to judge. */
	private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

	private volatile String event = "steady";

	/** The event that calls ending from now on are counted for. */
	void event(String name) {
		this.event = name;
	}

	String event() {
		return this.event;
	}

	long nextId() {
		return this.ids.incrementAndGet();
	}

	void acknowledged(long id, String key, String event, String via) {
		this.calls.add(new Call(id, key, event, via, Outcome.ACKNOWLEDGED, null));
		this.acknowledgedVia.computeIfAbsent(via, (member) -> new AtomicLong()).incrementAndGet();
	}

	void failed(long id, String key, String event, String via, RuntimeException failure) {
		Outcome outcome = Outcome.OTHER;
		String type = failure.getClass().getSimpleName();
		if (failure instanceof RemoteCallException remote) {
			outcome = switch (remote.kind()) {
				case NOT_RUN -> Outcome.NOT_RUN;
				case OUTCOME_UNKNOWN -> Outcome.OUTCOME_UNKNOWN;
				case FAILED -> Outcome.OTHER;
			};
			type = type + "/" + remote.kind() + ((remote.remoteType() != null) ? "/" + remote.remoteType() : "");
			if (StateConflictException.class.getName().equals(remote.remoteType())) {
				outcome = Outcome.STATE_CONFLICT;
			}
		}
		else if (failure instanceof StateConflictException) {
			outcome = Outcome.STATE_CONFLICT;
		}
		this.calls.add(new Call(id, key, event, via, outcome, type));
		this.firstMessages.putIfAbsent(event + " via " + via + ": " + type, String.valueOf(failure.getMessage()));
	}

	/** Calls acknowledged through an instance's clients so far. */
	long acknowledgedVia(String member) {
		AtomicLong count = this.acknowledgedVia.get(member);
		return (count != null) ? count.get() : 0;
	}

	Map<String, String> firstMessages() {
		return new TreeMap<>(this.firstMessages);
	}

	/**
	 * What an event's calls left in the ledgers.
	 * @param event the event
	 * @param applied per call id, how many times the ledgers' final states hold it
	 * @return the tally
	 */
	Tally tally(String event, Map<Long, Integer> applied) {
		List<Call> ofEvent = this.calls.stream().filter((call) -> call.event().equals(event)).toList();
		Map<String, Long> failed = new TreeMap<>();
		long acknowledged = 0;
		long lost = 0;
		long twice = 0;
		long refusedButApplied = 0;
		long unknownApplied = 0;
		for (Call call : ofEvent) {
			int times = applied.getOrDefault(call.id(), 0);
			if (times > 1) {
				twice++;
			}
			switch (call.outcome()) {
				case ACKNOWLEDGED -> {
					acknowledged++;
					if (times == 0) {
						lost++;
					}
				}
				case NOT_RUN, STATE_CONFLICT -> refusedButApplied += (times > 0) ? 1 : 0;
				case OUTCOME_UNKNOWN -> unknownApplied += (times > 0) ? 1 : 0;
				case OTHER -> {
				}
			}
			if (call.outcome() != Outcome.ACKNOWLEDGED) {
				failed.merge(call.outcome() + " " + call.failure() + " via " + call.via(), 1L, Long::sum);
			}
		}
		return new Tally(event, acknowledged, failed, lost, twice, refusedButApplied, unknownApplied);
	}

	/**
	 * What one event's calls came to.
	 *
	 * @param event the event
	 * @param acknowledged calls that returned
	 * @param failed calls that failed, by outcome, failure and instance
	 * @param lost acknowledged calls no ledger holds
	 * @param appliedTwice calls a ledger holds more than once, whatever their outcome
	 * @param refusedButApplied calls that failed as not run, or whose save was refused,
	 * but that a ledger holds
	 * @param unknownApplied calls whose outcome was unknown and that a ledger holds
	 * (once)
	 */
	record Tally(String event, long acknowledged, Map<String, Long> failed, long lost, long appliedTwice,
			long refusedButApplied, long unknownApplied) {

		long failedCount() {
			return this.failed.values().stream().mapToLong(Long::longValue).sum();
		}

		long failedCount(Outcome outcome) {
			return this.failed.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith(outcome + " "))
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

	}

}
