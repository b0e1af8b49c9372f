package dev.actorregistry.spring.jackson;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * States as JSON through the application's mapper, the same bytes for the same state.
 */
class JacksonStateCodecTests {

	private final JacksonStateCodec codec = new JacksonStateCodec(JsonMapper.builder().build());

	@Test
	void readsWhatItWrote() {
		Basket basket = new Basket("u1", List.of("apple", "pear"), Map.of("apple", 2, "pear", 1));
		assertThat(this.codec.decode(this.codec.encode(basket), Basket.class)).isEqualTo(basket);
	}

	@Test
	void writesMapEntriesInKeyOrderWhateverOrderTheyWereAddedIn() {
		Map<String, Integer> forwards = new LinkedHashMap<>();
		forwards.put("apple", 2);
		forwards.put("pear", 1);
		forwards.put("fig", 3);
		Map<String, Integer> backwards = new LinkedHashMap<>();
		backwards.put("fig", 3);
		backwards.put("pear", 1);
		backwards.put("apple", 2);
		byte[] one = this.codec.encode(new Basket("u1", List.of(), forwards));
		byte[] two = this.codec.encode(new Basket("u1", List.of(), backwards));
		assertThat(one).isEqualTo(two);
		assertThat(new String(one, StandardCharsets.UTF_8)).contains("{\"apple\":2,\"fig\":3,\"pear\":1}");
	}

	@Test
	void usesTheApplicationsMapperSettings() {
		JacksonStateCodec snakeCase = new JacksonStateCodec(
				JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build());
		byte[] json = snakeCase.encode(new Renamed("x"));
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"display_name\":\"x\"}");
		assertThat(snakeCase.decode(json, Renamed.class)).isEqualTo(new Renamed("x"));
	}

	@Test
	void aStateItCannotWriteFailsNamingItsType() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(new Unwritable()))
			.withMessageContaining(Unwritable.class.getName());
	}

	@Test
	void bytesItCannotReadFailNamingTheType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decode("{\"owner\":".getBytes(StandardCharsets.UTF_8), Basket.class))
			.withMessageContaining(Basket.class.getName());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.decode("null".getBytes(StandardCharsets.UTF_8), Basket.class))
			.withMessageContaining(Basket.class.getName());
	}

	record Basket(String owner, List<String> items, Map<String, Integer> counts) {
	}

	record Renamed(String displayName) {
	}

	static class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot be read");
		}

	}

}
