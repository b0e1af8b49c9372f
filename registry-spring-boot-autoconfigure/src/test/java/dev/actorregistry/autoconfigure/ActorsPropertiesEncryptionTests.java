package dev.actorregistry.autoconfigure;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.actorregistry.spring.jpa.StateCipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The keys of {@code actors.persistence.encryption.keys}: base64 of an AES key, refused
 * otherwise without showing the value.
 */
class ActorsPropertiesEncryptionTests {

	@Test
	void keysComeFromBase64PropertiesOfEachAesLength() {
		for (int length : new int[] { 16, 24, 32 }) {
			byte[] key = key(length, 3);
			ActorsProperties.Encryption encryption = new ActorsProperties.Encryption(
					Map.of("k", Base64.getEncoder().encodeToString(key)), "k");
			assertThat(encryption.decodedKeys()).containsOnlyKeys("k").containsEntry("k", key);
			assertThatNoException().isThrownBy(() -> new StateCipher(encryption.decodedKeys(), encryption.activeKey()));
		}
	}

	@Test
	void aKeyThatIsNotBase64OfAnAesKeyIsRefusedWithoutShowingIt() {
		String notBase64 = "secret-not-base64!";
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new ActorsProperties.Encryption(Map.of("k", notBase64), null).decodedKeys())
			.withMessageContaining("actors.persistence.encryption.keys.k")
			.withMessageNotContaining(notBase64);
		String tenBytes = Base64.getEncoder().encodeToString(key(10, 4));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new ActorsProperties.Encryption(Map.of("k", tenBytes), null).decodedKeys())
			.withMessageContaining("actors.persistence.encryption.keys.k")
			.withMessageContaining("decodes to 10 bytes")
			.withMessageNotContaining(tenBytes);
	}

	private static byte[] key(int length, int seed) {
		byte[] key = new byte[length];
		for (int i = 0; i < length; i++) {
			key[i] = (byte) (seed * 31 + i);
		}
		return key;
	}

}
