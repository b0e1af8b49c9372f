package dev.actorregistry.cluster.hazelcast;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.RemoteCallException;

/**
 * What the owning member answers for one invocation: its encoded result, or why there is
 * none (the kind, the class name of what was thrown and its message), as plain fields, so
 * that no exception travels by Java serialization.
 */
final class CallOutcome implements IdentifiedDataSerializable {

	private byte @Nullable [] result;

	private RemoteCallException.@Nullable Kind failure;

	private @Nullable String remoteType;

	private @Nullable String message;

	/** For {@link ActorDataSerializableFactory}, which fills it by {@link #readData}. */
	CallOutcome() {
	}

	static CallOutcome success(byte[] result) {
		CallOutcome outcome = new CallOutcome();
		outcome.result = result;
		return outcome;
	}

	static CallOutcome failure(RemoteCallException.Kind kind, @Nullable String remoteType, String message) {
		CallOutcome outcome = new CallOutcome();
		outcome.failure = kind;
		outcome.remoteType = remoteType;
		outcome.message = message;
		return outcome;
	}

	byte @Nullable [] result() {
		return this.result;
	}

	RemoteCallException.@Nullable Kind failure() {
		return this.failure;
	}

	@Nullable String remoteType() {
		return this.remoteType;
	}

	String message() {
		return (this.message != null) ? this.message : "";
	}

	@Override
	public int getFactoryId() {
		return ActorDataSerializableFactory.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ActorDataSerializableFactory.CALL_OUTCOME;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		RemoteCallException.Kind kind = this.failure;
		out.writeString((kind != null) ? kind.name() : null);
		out.writeString(this.remoteType);
		out.writeString(this.message);
		out.writeByteArray(this.result);
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		String kind = in.readString();
		this.failure = (kind != null) ? RemoteCallException.Kind.valueOf(kind) : null;
		this.remoteType = in.readString();
		this.message = in.readString();
		this.result = in.readByteArray();
	}

}
