package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.ReminderStoreException;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.reminder.Reminders;
import dev.actorregistry.reminder.StoredReminder;

/**
 * Fires the durable reminders of one registry. Each poll takes the due reminders from the
 * store, as many as the rate limit allows, claims each (so of several instances sharing
 * the store one fires it), sends its ticks by key, which activates the actor if needed,
 * and when they ran advances the schedule, or on failure gives the lease back for a
 * retry. Polls never wait for the actors: completions run on the registry's executor.
 *
 * @param <K> the key type
 */
final class ReminderScheduler<K> implements Reminders<K> {

	private static final System.Logger logger = System.getLogger(ReminderScheduler.class.getName());

	/** What a tick sent to an actor that is not {@link Remindable} answers. */
	private static final Object NOT_REMINDABLE = new Object();

	private final Dispatcher<K, ?> dispatcher;

	private final ReminderStore store;

	private final ReminderSettings settings;

	private final Function<String, K> keyParser;

	/** Whether this process fires a key's reminders: in a cluster, its owner only. */
	private volatile Predicate<String> ours = (key) -> true;

	/** Names this instance in the leases it takes. */
	private final String owner;

	private final AtomicBoolean polling = new AtomicBoolean();

	/**
	 * Whether the last poll failed; only the poll that holds {@link #polling} uses it.
	 */
	private boolean pollsFailing;

	/**
	 * Fires the rate limit still allows, and when it was last topped up; guarded by this.
	 */
	private double allowance;

	private long toppedUpAt;

	ReminderScheduler(Dispatcher<K, ?> dispatcher, ReminderStore store, ReminderSettings settings,
			Function<String, K> keyParser, String owner) {
		this.dispatcher = dispatcher;
		this.store = store;
		this.settings = settings;
		this.keyParser = keyParser;
		this.owner = owner;
		this.allowance = settings.firesPerSecond();
		this.toppedUpAt = dispatcher.clock.nanoTime();
	}

	@Override
	public void register(K key, Reminder reminder) {
		this.dispatcher.requireKey(key);
		Objects.requireNonNull(reminder, () -> describe(key, "reminder must not be null"));
		String text = textOf(key, reminder);
		try {
			this.store.register(StoredReminder.registered(name(), text, reminder));
		}
		catch (RuntimeException ex) {
			throw new ReminderStoreException(name(), key,
					"could not register reminder '" + reminder.name() + "', so nothing was registered",
					"Register it again once the reminder store works", ex);
		}
	}

	/**
	 * The key as the store keeps it, checked to read back as the same key: a reminder
	 * whose key came back different would reach another actor, or none.
	 */
	private String textOf(K key, Reminder reminder) {
		KeyTooLongException tooLong = KeyText.tooLong(this.dispatcher.name, key, this.store.maxKeyLength());
		if (tooLong != null) {
			throw tooLong;
		}
		String text = KeyText.of(key);
		Object back;
		try {
			back = this.keyParser.apply(text);
		}
		catch (RuntimeException ex) {
			back = ex;
		}
		if (!key.equals(back)) {
			throw new IllegalArgumentException(describe(key,
					"cannot register reminder '" + reminder.name() + "': reminders keep keys as text, and '" + text
							+ "' does not read back as this key (it gave " + back
							+ "); give the registry a key parser that reads what toString writes, or use keys whose "
							+ "text is their value"));
		}
		return text;
	}

	@Override
	public boolean cancel(K key, String name) {
		this.dispatcher.requireKey(key);
		Objects.requireNonNull(name, () -> describe(key, "reminder name must not be null"));
		try {
			return this.store.cancel(name(), KeyText.of(key), name);
		}
		catch (RuntimeException ex) {
			throw new ReminderStoreException(name(), key,
					"could not cancel reminder '" + name + "', so it is still registered",
					"Cancel it again once the reminder store works", ex);
		}
	}

	@Override
	public List<Reminder> list(K key) {
		this.dispatcher.requireKey(key);
		try {
			return this.store.list(name(), KeyText.of(key)).stream().map(StoredReminder::reminder).toList();
		}
		catch (RuntimeException ex) {
			throw new ReminderStoreException(name(), key, "could not list its reminders",
					"List them again once the reminder store works", ex);
		}
	}

	/**
	 * A poll from the registry's scheduler; skipped while the previous one still runs.
	 */
	/**
	 * In a cluster: claim only the reminders of keys this member owns, so that each tick
	 * is delivered by its actor's member.
	 * @param ours whether this member owns a key, as text
	 */
	void fireOnly(Predicate<String> ours) {
		this.ours = ours;
	}

	void poll() {
		if (!this.polling.compareAndSet(false, true)) {
			return;
		}
		try {
			fireDue();
			if (this.pollsFailing) {
				this.pollsFailing = false;
				logger.log(Level.INFO, "Registry '" + name() + "': polling for due reminders works again");
			}
		}
		catch (RuntimeException ex) {
			// said once per outage, not once a poll
			logger.log(this.pollsFailing ? Level.DEBUG : Level.WARNING,
					"Registry '" + name()
							+ "': polling for due reminders failed; each poll tries again, and says so when one works",
					ex);
			this.pollsFailing = true;
		}
		finally {
			this.polling.set(false);
		}
	}

	/**
	 * Fire now the ticks due by the registry's clock, within the rate limit; returns once
	 * they are claimed and sent, their delivery completes on the actors' turns.
	 * @return the number of ticks sent
	 */
	synchronized int fireDue() {
		if (!this.dispatcher.isRunning()) {
			return 0;
		}
		int budget = topUp();
		if (budget == 0) {
			return 0;
		}
		Instant now = this.dispatcher.clock.instant();
		int sent = 0;
		Predicate<String> ours = this.ours;
		for (StoredReminder due : this.store.due(name(), now, budget)) {
			if (!ours.test(due.key())) {
				// another member of the cluster owns the key: it fires this one
				continue;
			}
			StoredReminder claimed;
			try {
				claimed = this.store.claim(due, this.owner, now.plus(this.settings.lease())).orElse(null);
			}
			catch (RuntimeException ex) {
				// one row's trouble must not hold the others up until the next poll
				logger.log(Level.WARNING, "Registry '" + name() + "': could not claim reminder '" + due.name()
						+ "' of actor '" + due.key() + "'; the next poll tries again", ex);
				continue;
			}
			if (claimed == null) {
				continue; // another instance fires it
			}
			this.allowance--;
			try {
				sent += fire(claimed, now);
			}
			catch (RuntimeException ex) {
				failed(claimed, null, ex);
			}
		}
		return sent;
	}

	/** Top the rate limit up for the time passed; at most one second's worth. */
	private int topUp() {
		long now = this.dispatcher.clock.nanoTime();
		int rate = this.settings.firesPerSecond();
		this.allowance = Math.min(rate, this.allowance + (now - this.toppedUpAt) * (rate / 1e9));
		this.toppedUpAt = now;
		return (int) this.allowance;
	}

	private int fire(StoredReminder claimed, Instant now) {
		ReminderPlan plan = ReminderPlan.of(claimed, now, this.settings.misfireThreshold(), this.settings.maxCatchUp());
		K key;
		try {
			key = this.keyParser.apply(claimed.key());
		}
		catch (RuntimeException ex) {
			failed(claimed, null,
					new IllegalStateException("Registry '" + name() + "': reminder '" + claimed.name()
							+ "' is stored for key '" + ActorRegistryException.keyText(claimed.key())
							+ "', which is not a valid " + this.dispatcher.registry.keyType().getSimpleName() + " ("
							+ ex.getMessage() + "); cancel it, or give the registry a key parser that reads it", ex));
			return 0;
		}
		if (plan.missed() > 0) {
			this.dispatcher.listener.reminderMissed(name(), key, claimed.name(), plan.missed());
		}
		CompletableFuture<?> delivered = CompletableFuture.completedFuture(null);
		for (ReminderTick tick : plan.ticks()) {
			// each tick after the one before: an actor sees its ticks in order
			delivered = delivered.thenCompose((previous) -> deliver(key, claimed, tick));
		}
		delivered.whenCompleteAsync((result, failure) -> {
			if (failure == null) {
				advance(claimed, key, plan);
			}
			else {
				failed(claimed, key, failure);
			}
		}, this.dispatcher.executor);
		return plan.ticks().size();
	}

	private CompletableFuture<Object> deliver(K key, StoredReminder claimed, ReminderTick tick) {
		// a tick is sent by nobody: it carries no context, whichever thread polls
		return this.dispatcher.registry.askWithoutContext(key, (actor) -> {
			if (!(actor instanceof Remindable remindable)) {
				return NOT_REMINDABLE;
			}
			remindable.onReminder(tick);
			return tick;
		}).thenApply((result) -> {
			if (result == NOT_REMINDABLE) {
				throw new IllegalStateException(describe(key, "reminder '" + claimed.name() + "' is due, but the actor "
						+ "does not implement Remindable; implement it, or cancel the reminder"));
			}
			return result;
		});
	}

	private void advance(StoredReminder claimed, K key, ReminderPlan plan) {
		try {
			if (!this.store.advance(claimed, plan.nextDueAt(), plan.nextSequence())) {
				logger.log(Level.DEBUG, () -> describe(key, "reminder '" + claimed.name()
						+ "' was registered again or cancelled while its tick was delivered; the new schedule stands"));
			}
			if (!plan.ticks().isEmpty()) {
				this.dispatcher.listener.reminderFired(name(), key, claimed.name(), plan.ticks().size());
			}
		}
		catch (RuntimeException ex) {
			// the lease runs out and the ticks are delivered again, with the same ids
			failed(claimed, key, ex);
		}
	}

	private void failed(StoredReminder claimed, @Nullable Object key, Throwable failure) {
		// the retry counts from the failure, not the fire: a slow delivery waits too
		Instant now = this.dispatcher.clock.instant();
		Object reported = (key != null) ? key : claimed.key();
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		// Released before anyone is told: a listener that looks at the reminder then
		// finds it due again at the retry, not still leased.
		String retry;
		try {
			this.store.release(claimed, now.plus(this.settings.retryDelay()));
			retry = "it is fired again in " + this.settings.retryDelay();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Registry '" + name() + "': could not release reminder '" + claimed.name()
					+ "' of actor '" + reported + "'", ex);
			retry = "it is fired again when its lease ends";
		}
		this.dispatcher.listener.reminderFailed(name(), reported, claimed.name(), cause);
		logger.log((cause instanceof ActorRegistryException) ? Level.INFO : Level.WARNING,
				"Registry '" + name() + "': the tick of reminder '" + claimed.name() + "' of actor '" + reported
						+ "' was not delivered; " + retry,
				cause);
	}

	private String describe(Object key, String problem) {
		return "Registry '" + name() + "': actor '" + ActorRegistryException.keyText(key) + "': " + problem;
	}

	private String name() {
		return this.dispatcher.name;
	}

}
