package dev.actorregistry.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.persistence.SerializedState;

/**
 * One async turn: a message that returned a stage not yet complete, and that holds its
 * actor until the stage completes, without holding a thread.
 * <p>
 * The message stays counted in the mailbox while the turn is suspended, so no run of the
 * mailbox starts meanwhile (a run starts only from a count of zero) and passivation and
 * the drain see a message in progress. What must run in the actor meanwhile comes here
 * instead, as tasks run one at a time on the executor, with the actor as the running
 * turn: the replies to asks the turn made (so that what is chained on them runs in the
 * actor), messages allowed to interleave, and the turn's end (its stage completed, or its
 * deadline passed), which goes on with the mailbox on the same thread.
 * <p>
 * States, guarded by this object: {@code HELD} while its message's function runs (tasks
 * wait, for the thread running the function is the actor's), {@code IDLE} while suspended
 * with nothing to run, {@code SCHEDULED} while a thread runs or is about to run its
 * tasks, {@code ENDED} once it ended (tasks are refused: the ones that belong to the
 * actor rather than to the turn go to the mailbox instead). At most one thread runs its
 * tasks at a time: the one that turns it {@code SCHEDULED}.
 * <p>
 * It is also the first link of the call chain of the asks it sends ({@link CallChain}).
 */
final class AsyncTurn extends CallChain implements Runnable {

	/**
	 * Async turns that have not ended, in the JVM: while none lives, asks carry no chain.
	 */
	private static final AtomicInteger LIVE = new AtomicInteger();

	private static final int HELD = 0, IDLE = 1, SCHEDULED = 2, ENDED = 3;

	final Envelope message;

	/** When it began, by the registry's clock, for its timing; zero when not timed. */
	final long begin;

	/**
	 * With write-through and a restarting failure policy, the state before the turn
	 * began, to store if the turn fails; null when nothing was unsaved then.
	 */
	@Nullable SerializedState before;

	/** Messages that ran interleaved since their group was last saved. */
	int interleavedUnsaved;

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(4);

	private volatile int state = HELD;

	private @Nullable ScheduledFuture<?> deadline;

	AsyncTurn(Turns<?, ?> actor, Envelope message, @Nullable CallChain caller, long begin) {
		super(actor, caller);
		this.message = message;
		this.begin = begin;
		LIVE.incrementAndGet();
	}

	/** Whether any async turn lives in the JVM. */
	static boolean live() {
		return LIVE.get() != 0;
	}

	@Override
	boolean isLiveTurn() {
		return this.state != ENDED;
	}

	/**
	 * Run a task in the turn, if it has not ended.
	 * @param task the task: a reply's hand-over, an interleaved message, or the turn's
	 * end
	 * @return whether it was taken; false once the turn ended
	 */
	boolean post(Runnable task) {
		boolean schedule;
		synchronized (this) {
			if (this.state == ENDED) {
				return false;
			}
			this.tasks.add(task);
			schedule = this.state == IDLE;
			if (schedule) {
				this.state = SCHEDULED;
			}
		}
		if (schedule) {
			execute();
		}
		return true;
	}

	/**
	 * Run a reply's hand-over in the actor: in this turn while it lasts, else as a
	 * message of the actor's mailbox, else (the actor stopped) here.
	 * @param resumption the hand-over
	 */
	void resume(Resumption resumption) {
		if (post(resumption)) {
			return;
		}
		if (!this.actor.offerResumption(resumption)) {
			resumption.run();
		}
	}

	/**
	 * Keep the timer that ends the turn at its deadline, to cancel it when the turn ends
	 * first.
	 * @param timer the timer
	 */
	void arm(ScheduledFuture<?> timer) {
		synchronized (this) {
			if (this.state != ENDED) {
				this.deadline = timer;
				return;
			}
		}
		timer.cancel(false);
	}

	/**
	 * The function of the turn's message returned, its stage incomplete: the thread that
	 * ran it gave the actor up, so the turn's tasks may run now.
	 */
	void suspended() {
		boolean schedule;
		synchronized (this) {
			if (this.state != HELD) {
				return;
			}
			schedule = !this.tasks.isEmpty();
			this.state = schedule ? SCHEDULED : IDLE;
		}
		if (schedule) {
			execute();
		}
	}

	private void execute() {
		try {
			this.actor.dispatcher.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			// the executor is shutting down: end the turn's work here rather than never
			run();
		}
	}

	/**
	 * The next task, for the thread running the turn's tasks.
	 * @param mayIdle whether to turn idle if there is none
	 * @return it, or null
	 */
	synchronized @Nullable Runnable next(boolean mayIdle) {
		Runnable task = this.tasks.poll();
		if (task == null && mayIdle) {
			// before another thread may take the turn over
			this.actor.owner = null;
			this.state = IDLE;
		}
		return task;
	}

	/**
	 * End the turn: it takes no more tasks.
	 * @return the tasks it had taken and not run
	 */
	List<Runnable> end() {
		List<Runnable> left;
		ScheduledFuture<?> timer;
		synchronized (this) {
			left = List.copyOf(this.tasks);
			this.tasks.clear();
			this.state = ENDED;
			timer = this.deadline;
		}
		LIVE.decrementAndGet();
		if (timer != null) {
			timer.cancel(false);
		}
		return left;
	}

	@Override
	public void run() {
		this.actor.runSuspended(this);
	}

	/**
	 * The turn's end, once its stage completed or its deadline passed.
	 *
	 * @param value the stage's value
	 * @param failure the stage's failure, or the deadline's, or null
	 */
	record Ending(@Nullable Object value, @Nullable Throwable failure) implements Runnable {

		static Ending of(@Nullable Object value, @Nullable Throwable failure) {
			Throwable cause = (failure instanceof CompletionException wrapped && wrapped.getCause() != null)
					? wrapped.getCause() : failure;
			return new Ending(value, cause);
		}

		@Override
		public void run() {
			// run by the turn's thread itself (Turns.runSuspended), never as a task
		}

	}

	/** A message that runs interleaved with the suspended turn. */
	record Interleaved(Envelope message) implements Runnable {

		@Override
		public void run() {
			// run by the turn's thread itself (Turns.runSuspended), never as a task
		}

	}

}
