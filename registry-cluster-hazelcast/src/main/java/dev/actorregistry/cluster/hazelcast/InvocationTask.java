package dev.actorregistry.cluster.hazelcast;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.invocation.Invocation;

/**
 * An invocation on its way to the member that owns its key, run there by the
 * {@link HazelcastActorCluster} of that member (found in its instance's user context).
 * Writes the invocation's fields and argument bytes, and how long the caller waits, so
 * that the receiving member does not wait longer than anyone listens.
 */
final class InvocationTask implements Callable<CallOutcome>, IdentifiedDataSerializable, HazelcastInstanceAware {

	private @Nullable Invocation invocation;

	private long timeoutMillis;

	/**
	 * When this member read the task (System.nanoTime): its time in the executor's queue
	 * counts against the caller's timeout, as the caller's clock cannot be compared.
	 */
	private long arrivedNanos = System.nanoTime();

	private @Nullable HazelcastInstance instance;

	/** For {@link ActorDataSerializableFactory}, which fills it by {@link #readData}. */
	InvocationTask() {
	}

	InvocationTask(Invocation invocation, Duration timeout) {
		this.invocation = invocation;
		this.timeoutMillis = Math.max(1, timeout.toMillis());
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance instance) {
		this.instance = instance;
	}

	@Override
	public CallOutcome call() {
		Invocation invocation = Objects.requireNonNull(this.invocation, "invocation was not read");
		HazelcastInstance instance = this.instance;
		Object cluster = (instance != null) ? instance.getUserContext().get(HazelcastActorCluster.USER_CONTEXT_KEY)
				: null;
		if (!(cluster instanceof HazelcastActorCluster receiver)) {
			return CallOutcome.failure(RemoteCallException.Kind.NOT_RUN, null,
					"no actor cluster runs on the receiving member");
		}
		Duration left = Duration.ofMillis(this.timeoutMillis).minusNanos(System.nanoTime() - this.arrivedNanos);
		if (left.isNegative() || left.isZero()) {
			// The caller has stopped waiting (and reported the outcome unknown): running
			// the call this late would only surprise; it is dropped unrun.
			return CallOutcome.failure(RemoteCallException.Kind.NOT_RUN, null,
					"it waited in the member's queue longer than its caller waits");
		}
		return receiver.run(invocation, left);
	}

	@Override
	public int getFactoryId() {
		return ActorDataSerializableFactory.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ActorDataSerializableFactory.INVOCATION_TASK;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		Invocation invocation = Objects.requireNonNull(this.invocation, "invocation was not set");
		out.writeString(invocation.id());
		out.writeString(invocation.registry());
		out.writeString(invocation.key());
		out.writeString(invocation.contract());
		out.writeString(invocation.operation());
		out.writeByteArray(invocation.arguments());
		out.writeLong(this.timeoutMillis);
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		this.invocation = new Invocation(required(in.readString()), required(in.readString()),
				required(in.readString()), required(in.readString()), required(in.readString()),
				Objects.requireNonNull(in.readByteArray(), "an invocation's arguments were missing"));
		this.timeoutMillis = in.readLong();
		this.arrivedNanos = System.nanoTime();
	}

	private static String required(@Nullable String field) throws IOException {
		if (field == null) {
			throw new IOException("An invocation arrived with a missing field");
		}
		return field;
	}

}
