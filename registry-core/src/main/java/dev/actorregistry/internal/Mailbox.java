package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * A lock-free, multi-producer single-consumer mailbox whose one state word both counts
 * its messages and closes it.
 * <p>
 * The count covers every message accepted and not yet finished, the running one included.
 * A producer raises it before linking its message, and only while the mailbox is open, so
 * once {@link #CLOSED} is set the set of messages that will ever arrive is fixed: the
 * consumer can finish or fail every one of them and none slips in behind. The producer
 * that raises the count from zero schedules the consumer; the consumer stops when it
 * brings the count back to zero; it may take several finished messages off in one step,
 * so between two steps the count can include messages that have run. An empty mailbox
 * holds no nodes and no arrays.
 * <p>
 * The queue is a linked list of {@link Envelope}s in the style of Vyukov's MPSC queue,
 * without a stub node: an empty queue has a null head and tail.
 * <p>
 * A mailbox made {@link #Mailbox(Envelope) with a start signal} holds it first, counted
 * and marked {@link #STARTING}: messages sent while the actor starts queue behind its
 * start, nobody but its creator schedules it, and the start takes no room from the
 * capacity.
 */
abstract class Mailbox {

	static final long CLOSED = 1L << 62;

	static final long ABANDONED = 1L << 61;

	/** Set while the start signal is counted: it does not count against the capacity. */
	static final long STARTING = 1L << 60;

	static final long COUNT = (1L << 48) - 1;

	/**
	 * {@link #offer} results: a result below {@link #REFUSED_CLOSED} means accepted.
	 * {@link #ACCEPTED_BEHIND_START} says the message waits for the actor's start.
	 */
	static final int ACCEPTED = 0, ACCEPTED_FIRST = 1, ACCEPTED_BEHIND_START = 2, REFUSED_CLOSED = 3, REFUSED_FULL = 4;

	private static final VarHandle STATE;

	private static final VarHandle HEAD;

	private static final VarHandle TAIL;

	private static final VarHandle NEXT;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(Mailbox.class, "state", long.class);
			HEAD = lookup.findVarHandle(Mailbox.class, "head", Envelope.class);
			TAIL = lookup.findVarHandle(Mailbox.class, "tail", Envelope.class);
			NEXT = lookup.findVarHandle(Envelope.class, "next", Envelope.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile long state;

	private volatile @Nullable Envelope head;

	private volatile @Nullable Envelope tail;

	/** An empty, open mailbox. */
	Mailbox() {
	}

	/**
	 * A mailbox holding a start signal, counted: its creator schedules it.
	 * @param start the start signal, or null when its creator runs the start at once
	 * itself: the signal is then counted only, never linked
	 */
	Mailbox(@Nullable Envelope start) {
		this.state = 1 | STARTING;
		this.head = start;
		this.tail = start;
	}

	/**
	 * Accept a message unless the mailbox is closed or at capacity.
	 * @param message the message
	 * @param capacity the capacity, or zero for unbounded
	 * @return {@link #ACCEPTED_FIRST} when the caller must schedule the consumer,
	 * {@link #ACCEPTED}, {@link #ACCEPTED_BEHIND_START}, {@link #REFUSED_CLOSED} or
	 * {@link #REFUSED_FULL}
	 */
	final int offer(Envelope message, int capacity) {
		long current;
		do {
			current = this.state;
			if ((current & CLOSED) != 0) {
				return REFUSED_CLOSED;
			}
			if (capacity > 0 && (current & COUNT) - ((current & STARTING) >>> 60) >= capacity) {
				return REFUSED_FULL;
			}
		}
		while (!STATE.weakCompareAndSet(this, current, current + 1));
		link(message);
		if ((current & COUNT) == 0) {
			return ACCEPTED_FIRST;
		}
		return ((current & STARTING) != 0) ? ACCEPTED_BEHIND_START : ACCEPTED;
	}

	/**
	 * Close the mailbox with a final stop signal, behind the messages already accepted.
	 * @param signal the stop signal
	 * @param onlyIfEmpty close only if no message is waiting or running
	 * @return {@link #ACCEPTED_FIRST} when the caller must schedule the consumer,
	 * {@link #ACCEPTED} when closed by this call, or {@link #REFUSED_CLOSED} when the
	 * mailbox was closed already (or, with {@code onlyIfEmpty}, was not empty)
	 */
	final int close(Envelope signal, boolean onlyIfEmpty) {
		long current;
		do {
			current = this.state;
			if ((current & CLOSED) != 0 || (onlyIfEmpty && (current & COUNT) != 0)) {
				return REFUSED_CLOSED;
			}
		}
		while (!STATE.weakCompareAndSet(this, current, (current + 1) | CLOSED));
		link(signal);
		return ((current & COUNT) == 0) ? ACCEPTED_FIRST : ACCEPTED;
	}

	/**
	 * Mark the waiting messages to be failed unrun rather than run.
	 */
	final void abandonWaiting() {
		STATE.getAndBitwiseOr(this, ABANDONED);
	}

	/**
	 * The start signal ran: take it off the count at once, so the count says how many
	 * messages wait, and let the mailbox be like any other.
	 * @return the state after
	 */
	final long startFinished() {
		return (long) STATE.getAndAdd(this, -(1 + STARTING)) - (1 + STARTING);
	}

	/**
	 * Count messages as finished.
	 * @param messages how many
	 * @return the state after
	 */
	final long finished(int messages) {
		return (long) STATE.getAndAdd(this, (long) -messages) - messages;
	}

	final long state() {
		return this.state;
	}

	final boolean isClosed() {
		return (this.state & CLOSED) != 0;
	}

	/**
	 * Messages waiting or running, the stop signal not counted.
	 * @return the count
	 */
	final int mailboxSize() {
		long current = this.state;
		long messages = (current & COUNT) - (((current & CLOSED) != 0) ? 1 : 0) - ((current & STARTING) >>> 60);
		return (int) Math.min(Math.max(messages, 0), Integer.MAX_VALUE);
	}

	/**
	 * Whether a start or a message waits or runs: the stop signal does not count.
	 * @return true while there is work
	 */
	final boolean hasWork() {
		long current = this.state;
		return (current & COUNT) > (((current & CLOSED) != 0) ? 1 : 0);
	}

	/**
	 * The messages linked in the queue now, not yet taken. Read by another thread than
	 * the consumer only while the consumer is inside a turn: no message is taken
	 * meanwhile.
	 * @return how many messages wait, stop, start and snapshot signals not counted
	 */
	final int waitingMessages() {
		int waiting = 0;
		for (Envelope message = this.head; message != null; message = message.next) {
			if (message.isMessage()) {
				waiting++;
			}
		}
		return waiting;
	}

	/**
	 * Take every message off the queue and hand each to {@code failed}, as the consumer:
	 * the mailbox is closed, so the set of messages is fixed. Ends with the count at
	 * zero.
	 * @param taken messages the consumer took already and has not finished (its start
	 * signal, say)
	 * @param failed receives each message that is not a signal
	 */
	final void takeAll(int taken, java.util.function.Consumer<Envelope> failed) {
		long current = this.state;
		long counted = current & COUNT;
		for (long left = counted - taken; left > 0; left--) {
			Envelope message = take();
			if (message.isMessage()) {
				failed.accept(message);
			}
		}
		STATE.getAndAdd(this, -(counted + (current & STARTING)));
	}

	/**
	 * Open the mailbox again after its consumer took the stop signal: a closed mailbox
	 * accepts nothing, so only the signal and what the consumer put in itself
	 * ({@link #requeueCounted}) are counted, and nothing else can be lost here. Clears
	 * the abandonment too.
	 */
	final void reopen() {
		long current;
		do {
			current = this.state;
		}
		while (!STATE.weakCompareAndSet(this, current, (current & COUNT) - 1));
	}

	/**
	 * Link a message into a closed mailbox, counted, as its consumer: it runs if the
	 * mailbox {@link #reopen opens} again.
	 * @param message the message
	 */
	final void requeueCounted(Envelope message) {
		STATE.getAndAdd(this, 1L);
		link(message);
	}

	/**
	 * Put back a message the consumer took but must not run yet; its count is kept.
	 * @param message the message
	 */
	final void requeue(Envelope message) {
		link(message);
	}

	private void link(Envelope message) {
		Envelope previous = (Envelope) TAIL.getAndSet(this, message);
		if (previous == null) {
			this.head = message;
		}
		else {
			previous.next = message;
		}
	}

	/**
	 * The message at the head of the queue, not taken. Reliable for another thread than
	 * the consumer only while no consumer runs: nothing is taken meanwhile, and a head
	 * that is set stays until it is taken.
	 * @return it, or null if none is linked yet
	 */
	final @Nullable Envelope first() {
		return this.head;
	}

	/**
	 * Take the next message. Only the consumer calls this, and only while the count says
	 * a message is accepted, so one is linked or about to be.
	 * @return the message
	 */
	final Envelope take() {
		Envelope first = this.head;
		for (int spins = 0; first == null; spins++) {
			// accepted and counted, but its producer has not linked it yet
			backOff(spins);
			first = this.head;
		}
		Envelope next = first.next;
		if (next == null) {
			// Clear the head before the tail: once the tail is null, a producer may
			// set the head to its message, which must not be overwritten.
			this.head = null;
			if (!TAIL.compareAndSet(this, first, null)) {
				// a producer took the tail and is about to link behind `first`
				for (int spins = 0; (next = first.next) == null; spins++) {
					backOff(spins);
				}
				this.head = next;
			}
		}
		else {
			this.head = next;
		}
		if (next != null) {
			// No producer writes it again: the tail has moved past it. Unlinked, a taken
			// message that lives on (in an old generation, say) keeps none of the later
			// ones alive, and a message put back behind the others links cleanly.
			NEXT.setOpaque(first, (Envelope) null);
		}
		return first;
	}

	/**
	 * Wait for a producer that is between two steps of {@link #offer}: spin briefly, then
	 * give way in case it was descheduled.
	 */
	private static void backOff(int spins) {
		if (spins < 64) {
			Thread.onSpinWait();
		}
		else {
			Thread.yield();
		}
	}

}
