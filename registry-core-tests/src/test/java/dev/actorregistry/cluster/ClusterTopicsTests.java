package dev.actorregistry.cluster;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.TopicSubscription;
import dev.actorregistry.Topics;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.test.InProcessCluster;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.SerializingInvocationCodec;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics shared by the members of a cluster: a publication on one member reaches the
 * subscribed actors on every member, once each and in the order it was published; on a
 * member with no subscriber taking its type it is not decoded at all.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterTopicsTests {

	private static final String[] MEMBERS = { "m1", "m2", "m3" };

	private final InProcessCluster cluster = new InProcessCluster(MEMBERS);

	private final Map<String, ActorRegistry<String, Reader>> members = new LinkedHashMap<>();

	private final Map<String, Topics> topics = new LinkedHashMap<>();

	/** The types the members decoded from each other's publications. */
	private final List<Class<?>> decoded = new CopyOnWriteArrayList<>();

	/** Per member, a key it owns, whose actor reads the news there. */
	private final Map<String, String> readers = new LinkedHashMap<>();

	@BeforeEach
	void formCluster() {
		for (String member : MEMBERS) {
			Topics shared = Topics.clustered(this.cluster.member(member), new DecodesSeen(this.decoded));
			this.topics.put(member, shared);
			this.members.put(member,
					ActorRegistry.<String, Reader>builder("readers", String.class, (key, context) -> new Reader())
						.cluster(this.cluster.member(member), new SerializingInvocationCodec())
						.topics(shared)
						.subscribe(TopicSubscription.<String, Reader, News>of("news", News.class, Reader::read))
						.build());
			String key = IntStream.range(0, 1000)
				.mapToObj((i) -> "reader-" + i)
				.filter((candidate) -> member.equals(this.cluster.ownerOf(candidate)))
				.findFirst()
				.orElseThrow();
			this.readers.put(member, key);
			this.members.get(member).lookupOrStart(key);
		}
	}

	@AfterEach
	void close() {
		this.members.values().forEach(ActorRegistry::close);
	}

	@Test
	void aPublicationOnOneMemberReachesTheSubscribersOfEveryMemberOnceEachInOrder() {
		int count = 50;
		for (int i = 0; i < count; i++) {
			assertThat(this.topics.get("m1").publish("news", new Headline(i)))
				.as("subscribers reached on the publishing member")
				.isOne();
		}
		List<Integer> published = IntStream.range(0, count).boxed().toList();
		for (String member : MEMBERS) {
			Waits.eventually().until(() -> received(member).size() >= count);
			assertThat(received(member)).as("what the reader on %s received", member).isEqualTo(published);
		}
	}

	@Test
	void aMessageOfATypeNoSubscriberTakesIsNotDecodedElsewhere() {
		// Gossip is Serializable but no subscriber takes it: the other members must not
		// load it, let alone deliver it
		assertThat(this.topics.get("m2").publish("news", new Gossip("psst"))).isZero();
		// a marker published after it, in order, shows the other members handled it
		this.topics.get("m2").publish("news", new Headline(-1));
		for (String member : MEMBERS) {
			Waits.eventually().until(() -> received(member).contains(-1));
			assertThat(received(member)).containsExactly(-1);
		}
		assertThat(this.decoded).as("types decoded from other members").containsOnly(Headline.class).hasSize(2);
	}

	private List<Integer> received(String member) {
		return this.members.get(member).ask(this.readers.get(member), (reader) -> List.copyOf(reader.received)).join();
	}

	/** A codec that records what it decodes. */
	static final class DecodesSeen implements StateCodec {

		private final SerializingCodec codec = new SerializingCodec();

		private final List<Class<?>> decoded;

		DecodesSeen(List<Class<?>> decoded) {
			this.decoded = decoded;
		}

		@Override
		public byte[] encode(Object state) {
			return this.codec.encode(state);
		}

		@Override
		public <S> S decode(byte[] data, Class<S> type) {
			this.decoded.add(type);
			return this.codec.decode(data, type);
		}

	}

	/** The news: what readers subscribe to. */
	interface News extends Serializable {

	}

	record Headline(int number) implements News {
	}

	record Gossip(String text) implements Serializable {
	}

	static final class Reader {

		final List<Integer> received = new CopyOnWriteArrayList<>();

		void read(News news) {
			this.received.add(((Headline) news).number());
		}

	}

}
