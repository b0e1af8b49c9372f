package dev.actorregistry.internal;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.actorregistry.KeyTooLongException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's text, as stores keep it, and the check of its length against a store's limit
 * that both the registry's starts and the reminders apply.
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

}
