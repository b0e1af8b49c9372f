package dev.actorregistry.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.actorregistry.internal.Mailbox.ABANDONED;
import static dev.actorregistry.internal.Mailbox.ACCEPTED;
import static dev.actorregistry.internal.Mailbox.ACCEPTED_BEHIND_START;
import static dev.actorregistry.internal.Mailbox.ACCEPTED_FIRST;
import static dev.actorregistry.internal.Mailbox.CLOSED;
import static dev.actorregistry.internal.Mailbox.COUNT;
import static dev.actorregistry.internal.Mailbox.REFUSED_CLOSED;
import static dev.actorregistry.internal.Mailbox.REFUSED_FULL;
import static dev.actorregistry.internal.Mailbox.STARTING;
import static dev.actorregistry.internal.Messages.STOP;
import static dev.actorregistry.internal.Messages.numberOf;
import static dev.actorregistry.internal.Messages.numbered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailbox's protocol on one thread: what each offer, close, take and count step
 * returns and leaves in the state word. Its concurrent behaviour is checked by
 * {@link MailboxLincheckTests}.
 */
class MailboxTests {

	private static final int UNBOUNDED = 0;

	private final Mailbox mailbox = new Mailbox() {
	};

	@Test
	void anEmptyMailboxHoldsNothingAndHasNoWork() {
		assertThat(this.mailbox.state()).isZero();
		assertThat(this.mailbox.mailboxSize()).isZero();
		assertThat(this.mailbox.hasWork()).isFalse();
		assertThat(this.mailbox.isClosed()).isFalse();
		assertThat(this.mailbox.waitingMessages()).isZero();
	}

	@Test
	void onlyTheOfferIntoAnEmptyMailboxAsksForTheConsumer() {
		assertThat(this.mailbox.offer(numbered(1), UNBOUNDED)).isEqualTo(ACCEPTED_FIRST);
		assertThat(this.mailbox.offer(numbered(2), UNBOUNDED)).isEqualTo(ACCEPTED);
		assertThat(this.mailbox.offer(numbered(3), UNBOUNDED)).isEqualTo(ACCEPTED);
		assertThat(this.mailbox.state() & COUNT).isEqualTo(3);
		assertThat(this.mailbox.mailboxSize()).isEqualTo(3);
		assertThat(this.mailbox.waitingMessages()).isEqualTo(3);
	}

	@Test
	void messagesAreTakenInTheOrderOffered() {
		for (int number = 1; number <= 5; number++) {
			this.mailbox.offer(numbered(number), UNBOUNDED);
		}
		assertThat(takeNumbers(5)).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void takenMessagesStayCountedUntilFinished() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		this.mailbox.offer(numbered(2), UNBOUNDED);
		this.mailbox.take();
		assertThat(this.mailbox.mailboxSize()).as("the running message counts").isEqualTo(2);
		assertThat(this.mailbox.waitingMessages()).as("only the linked one waits").isEqualTo(1);
		assertThat(this.mailbox.offer(numbered(3), UNBOUNDED)).as("not empty while one runs").isEqualTo(ACCEPTED);
		this.mailbox.take();
		this.mailbox.take();
		assertThat(this.mailbox.finished(2) & COUNT).isEqualTo(1);
		assertThat(this.mailbox.finished(1) & COUNT).isZero();
		assertThat(this.mailbox.offer(numbered(4), UNBOUNDED)).as("empty again: schedule the consumer")
			.isEqualTo(ACCEPTED_FIRST);
	}

	@Test
	void aTakenAndFinishedMailboxLinksTheNextMessageAsTheHead() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		assertThat(numberOf(this.mailbox.take())).isEqualTo(1);
		this.mailbox.finished(1);
		this.mailbox.offer(numbered(2), UNBOUNDED);
		assertThat(numberOf(this.mailbox.take())).isEqualTo(2);
	}

	@Test
	void aBoundedMailboxRefusesAtCapacityAndAcceptsAgainOnceOneFinished() {
		assertThat(this.mailbox.offer(numbered(1), 2)).isEqualTo(ACCEPTED_FIRST);
		assertThat(this.mailbox.offer(numbered(2), 2)).isEqualTo(ACCEPTED);
		assertThat(this.mailbox.offer(numbered(3), 2)).isEqualTo(REFUSED_FULL);
		assertThat(this.mailbox.state() & COUNT).as("a refusal is not counted").isEqualTo(2);
		this.mailbox.take();
		assertThat(this.mailbox.offer(numbered(3), 2)).as("a running message still takes room").isEqualTo(REFUSED_FULL);
		this.mailbox.finished(1);
		assertThat(this.mailbox.offer(numbered(3), 2)).isEqualTo(ACCEPTED);
		assertThat(takeNumbers(2)).containsExactly(2, 3);
	}

	@Test
	void capacityZeroMeansUnbounded() {
		for (int number = 0; number < 10_000; number++) {
			assertThat(this.mailbox.offer(numbered(number), UNBOUNDED)).isLessThan(REFUSED_CLOSED);
		}
		assertThat(this.mailbox.mailboxSize()).isEqualTo(10_000);
	}

	@Test
	void theStartSignalComesFirstAndTakesNoRoomFromTheCapacity() {
		Mailbox starting = new Mailbox(Envelope.start()) {
		};
		assertThat(starting.state()).isEqualTo(1 | STARTING);
		assertThat(starting.mailboxSize()).as("the start is not a message").isZero();
		assertThat(starting.hasWork()).as("the start is work").isTrue();
		assertThat(starting.waitingMessages()).isZero();
		assertThat(starting.offer(numbered(1), 2)).as("its creator schedules it, nobody else")
			.isEqualTo(ACCEPTED_BEHIND_START);
		assertThat(starting.offer(numbered(2), 2)).isEqualTo(ACCEPTED_BEHIND_START);
		assertThat(starting.offer(numbered(3), 2)).as("two messages fill a capacity of two").isEqualTo(REFUSED_FULL);
		assertThat(starting.mailboxSize()).isEqualTo(2);
		assertThat(starting.take().isStart()).isTrue();
		long after = starting.startFinished();
		assertThat(after).as("no start bit, the two messages counted").isEqualTo(2);
		assertThat(starting.offer(numbered(3), 2)).as("now the messages fill it").isEqualTo(REFUSED_FULL);
		assertThat(numberOf(starting.take())).isEqualTo(1);
		assertThat(numberOf(starting.take())).isEqualTo(2);
	}

	@Test
	void aStartRunByItsCreatorIsCountedButNeverLinked() {
		Mailbox starting = new Mailbox(null) {
		};
		assertThat(starting.offer(numbered(1), UNBOUNDED)).isEqualTo(ACCEPTED_BEHIND_START);
		assertThat(starting.startFinished()).isEqualTo(1);
		assertThat(numberOf(starting.take())).as("the first linked is the message").isEqualTo(1);
		assertThat(starting.finished(1)).isZero();
	}

	@Test
	void anEmptyStartedMailboxAcceptsTheNextMessageAsFirst() {
		Mailbox starting = new Mailbox(Envelope.start()) {
		};
		starting.take();
		assertThat(starting.startFinished()).isZero();
		assertThat(starting.offer(numbered(1), 1)).isEqualTo(ACCEPTED_FIRST);
	}

	@Test
	void closingQueuesTheStopBehindAcceptedMessagesAndRefusesEveryLaterOffer() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		this.mailbox.offer(numbered(2), UNBOUNDED);
		assertThat(this.mailbox.close(Messages.stop(), false)).isEqualTo(ACCEPTED);
		assertThat(this.mailbox.isClosed()).isTrue();
		assertThat(this.mailbox.offer(numbered(3), UNBOUNDED)).isEqualTo(REFUSED_CLOSED);
		assertThat(this.mailbox.offer(numbered(3), 1)).as("closed is told before full").isEqualTo(REFUSED_CLOSED);
		assertThat(this.mailbox.close(Messages.stop(), false)).as("closed already").isEqualTo(REFUSED_CLOSED);
		assertThat(this.mailbox.state() & COUNT).as("two messages and one stop").isEqualTo(3);
		assertThat(this.mailbox.mailboxSize()).as("the stop is not a message").isEqualTo(2);
		assertThat(this.mailbox.waitingMessages()).isEqualTo(2);
		assertThat(takeNumbers(3)).containsExactly(1, 2, STOP);
	}

	@Test
	void closingAnEmptyMailboxAsksForTheConsumerToRunTheStop() {
		assertThat(this.mailbox.close(Messages.stop(), false)).isEqualTo(ACCEPTED_FIRST);
		assertThat(this.mailbox.hasWork()).as("the stop signal alone is no work").isFalse();
		assertThat(this.mailbox.mailboxSize()).isZero();
		assertThat(numberOf(this.mailbox.take())).isEqualTo(STOP);
		assertThat(this.mailbox.finished(1)).as("stays closed once the stop ran").isEqualTo(CLOSED);
		assertThat(this.mailbox.offer(numbered(1), UNBOUNDED)).isEqualTo(REFUSED_CLOSED);
	}

	@Test
	void closingOnlyIfEmptyLeavesABusyMailboxOpen() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		assertThat(this.mailbox.close(Messages.stop(), true)).isEqualTo(REFUSED_CLOSED);
		assertThat(this.mailbox.isClosed()).isFalse();
		assertThat(this.mailbox.offer(numbered(2), UNBOUNDED)).isEqualTo(ACCEPTED);
		this.mailbox.take();
		assertThat(this.mailbox.close(Messages.stop(), true)).as("a running message is not idle")
			.isEqualTo(REFUSED_CLOSED);
		this.mailbox.take();
		this.mailbox.finished(2);
		assertThat(this.mailbox.close(Messages.stop(), true)).isEqualTo(ACCEPTED_FIRST);
		assertThat(this.mailbox.isClosed()).isTrue();
	}

	@Test
	void aRequeuedMessageGoesBehindTheOthersAndKeepsItsCount() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		this.mailbox.offer(numbered(2), UNBOUNDED);
		this.mailbox.close(Messages.stop(), false);
		Envelope first = this.mailbox.take();
		this.mailbox.requeue(first);
		assertThat(this.mailbox.state() & COUNT).isEqualTo(3);
		assertThat(takeNumbers(3)).containsExactly(2, STOP, 1);
	}

	@Test
	void aStopRequeuedAloneIsTakenAgain() {
		this.mailbox.close(Messages.stop(), false);
		Envelope stop = this.mailbox.take();
		this.mailbox.requeue(stop);
		assertThat(numberOf(this.mailbox.take())).isEqualTo(STOP);
	}

	@Test
	void reopeningCountsOnlyWhatTheConsumerRequeuedAndClearsTheAbandonment() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		this.mailbox.close(Messages.stop(), false);
		this.mailbox.abandonWaiting();
		assertThat(this.mailbox.state() & ABANDONED).isNotZero();
		this.mailbox.take();
		this.mailbox.finished(1);
		assertThat(numberOf(this.mailbox.take())).isEqualTo(STOP);
		this.mailbox.requeueCounted(numbered(7));
		this.mailbox.reopen();
		assertThat(this.mailbox.state()).as("open, not abandoned, the requeued message counted").isEqualTo(1);
		assertThat(this.mailbox.offer(numbered(8), UNBOUNDED)).isEqualTo(ACCEPTED);
		assertThat(takeNumbers(2)).containsExactly(7, 8);
	}

	@Test
	void takingAllHandsOverEveryMessageButNoSignalAndEndsAtZero() {
		Mailbox starting = new Mailbox(Envelope.start()) {
		};
		starting.offer(numbered(1), UNBOUNDED);
		starting.offer(numbered(2), UNBOUNDED);
		starting.close(Messages.stop(), false);
		assertThat(starting.take().isStart()).isTrue();
		List<Integer> failed = new ArrayList<>();
		starting.takeAll(1, (message) -> failed.add(numberOf(message)));
		assertThat(failed).containsExactly(1, 2);
		assertThat(starting.state()).as("closed, nothing counted, no start bit").isEqualTo(CLOSED);
		assertThat(starting.mailboxSize()).isZero();
		assertThat(starting.waitingMessages()).isZero();
	}

	@Test
	void waitingMessagesCountsNoSignal() {
		this.mailbox.offer(numbered(1), UNBOUNDED);
		this.mailbox.offer(Envelope.snapshot(), UNBOUNDED);
		this.mailbox.close(Messages.stop(), false);
		assertThat(this.mailbox.waitingMessages()).isEqualTo(1);
	}

	private List<Integer> takeNumbers(int count) {
		List<Integer> numbers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			numbers.add(numberOf(this.mailbox.take()));
		}
		return numbers;
	}

}
