package dev.actorregistry.internal;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.StopReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A key's text, as stores keep it; the check of its length against a store's limit that
 * both the registry's starts and the reminders apply; and keys read back from their text.
 */
class KeyTextTests {

	@Test
	void aKeysTextIsItsStringValue() {
		UUID id = UUID.randomUUID();
		assertThat(KeyText.of(id)).isEqualTo(id.toString());
		assertThat(KeyText.of(42L)).isEqualTo("42");
	}

	@Test
	void aKeyAsLongAsTheLimitFits() {
		assertThat(KeyText.tooLong("accounts", "abcd", 4)).isNull();
	}

	@Test
	void aKeyLongerThanTheLimitIsRefusedNamingTheRegistryBothLengthsAndTheKey() {
		KeyTooLongException tooLong = KeyText.tooLong("accounts", "abcde", 4);
		assertThat(tooLong).isNotNull();
		assertThat(tooLong.length()).isEqualTo(5);
		assertThat(tooLong.maxLength()).isEqualTo(4);
		assertThat(tooLong.registry()).isEqualTo("accounts");
		assertThat(tooLong.key()).isEqualTo("abcde");
	}

	@Test
	void withoutALimitNoKeyIsTooLongAndItsTextIsNeverAskedFor() {
		Object key = new Object() {

			@Override
			public String toString() {
				throw new AssertionError("the text of a key is not needed without a limit");
			}

		};
		assertThat(KeyText.tooLong("accounts", key, Integer.MAX_VALUE)).isNull();
	}

	// parsing keys back from their text

	@Test
	void textKeysAreTheTextItself() {
		assertThat(parse(String.class, "account-7")).isEqualTo("account-7");
		assertThat(parse(CharSequence.class, "account-7")).isEqualTo("account-7");
		assertThat(parse(Object.class, "account-7")).isEqualTo("account-7");
	}

	@Test
	void boxedNumbersAreParsedByTheirValueOf() {
		assertThat(parse(Integer.class, "-42")).isEqualTo(-42);
		assertThat(parse(Long.class, "9000000000")).isEqualTo(9_000_000_000L);
	}

	@Test
	void uuidsAreParsedFromTheirText() {
		UUID id = UUID.randomUUID();
		assertThat(parse(UUID.class, id.toString())).isEqualTo(id);
	}

	@Test
	void enumsAreParsedByConstantName() {
		assertThat(parse(StopReason.class, "IDLE")).isEqualTo(StopReason.IDLE);
	}

	@Test
	void aTypeWithAStaticFromStringIsParsedByIt() {
		assertThat(parse(Tagged.class, "blue")).isEqualTo(new Tagged("blue"));
	}

	@Test
	void aValueOfThatThrowsSaysWhichTextAndTypeWereWrong() {
		Function<String, Integer> parser = KeyText.forType(Integer.class);
		assertThatIllegalArgumentException().isThrownBy(() -> parser.apply("seven"))
			.withMessageContaining("'seven' is not a valid Integer");
	}

	@Test
	void anEnumConstantThatDoesNotExistIsRefused() {
		Function<String, StopReason> parser = KeyText.forType(StopReason.class);
		assertThatIllegalArgumentException().isThrownBy(() -> parser.apply("NAPPING"));
	}

	@Test
	void typesThatDoNotSayHowHaveNoParser() {
		assertThat(KeyText.forType(NoFactory.class)).isNull();
		assertThat(KeyText.forType(InstanceValueOf.class)).as("valueOf must be static").isNull();
		assertThat(KeyText.forType(OtherTypeValueOf.class)).as("valueOf must return the key type").isNull();
	}

	@Test
	void aTypeWhoseValueOfTakesNoStringHasNoParser() {
		assertThat(KeyText.forType(Duration.class)).as("Duration.parse is not looked for").isNull();
	}

	private static <K> K parse(Class<K> type, String text) {
		Function<String, K> parser = KeyText.forType(type);
		assertThat(parser).as("parser for %s", type.getSimpleName()).isNotNull();
		return parser.apply(text);
	}

	public record Tagged(String tag) {

		public static Tagged fromString(String text) {
			return new Tagged(text);
		}

	}

	public record NoFactory(String text) {

	}

	public static final class InstanceValueOf {

		public InstanceValueOf valueOf(String text) {
			return this;
		}

	}

	public static final class OtherTypeValueOf {

		public static String valueOf(String text) {
			return text;
		}

	}

}
