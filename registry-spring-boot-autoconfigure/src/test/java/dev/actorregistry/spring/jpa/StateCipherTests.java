package dev.actorregistry.spring.jpa;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.actorregistry.invocation.Invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * AES-GCM at rest: rows bound to their actor, keys named by id so that they can rotate.
 */
class StateCipherTests {

	private static final byte[] STATE = "{\"balance\":42}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] KEY_ONE = key(32, 1);

	private static final byte[] KEY_TWO = key(16, 2);

	@Test
	void encryptsWithTheActiveKeyAndAFreshIvEachTime() {
		StateCipher cipher = new StateCipher(Map.of("one", KEY_ONE), "one");
		StateCipher.Sealed first = cipher.encrypt("wallets", "alice", STATE);
		StateCipher.Sealed second = cipher.encrypt("wallets", "alice", STATE);
		assertThat(first.keyId()).isEqualTo("one");
		// 12 bytes of IV in front, 16 of tag behind
		assertThat(first.data()).hasSize(12 + STATE.length + 16);
		assertThat(new String(first.data(), StandardCharsets.ISO_8859_1)).doesNotContain("balance");
		assertThat(first.data()).isNotEqualTo(second.data());
		assertThat(cipher.decrypt("wallets", "alice", "one", first.data())).isEqualTo(STATE);
		assertThat(cipher.decrypt("wallets", "alice", "one", second.data())).isEqualTo(STATE);
	}

	@Test
	void aRowMovedToAnotherActorOrRegistryDoesNotDecrypt() {
		StateCipher cipher = new StateCipher(Map.of("one", KEY_ONE), "one");
		byte[] alices = cipher.encrypt("wallets", "alice", STATE).data();
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decrypt("wallets", "bob", "one", alices))
			.withMessageContaining("'wallets'")
			.withMessageContaining("'bob'")
			.withMessageContaining("copied from another actor");
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decrypt("purses", "alice", "one", alices));
		// the lengths are bound too: "ab"+"c" is not "a"+"bc"
		byte[] split = cipher.encrypt("ab", "c", STATE).data();
		assertThatExceptionOfType(StateStoreException.class).isThrownBy(() -> cipher.decrypt("a", "bc", "one", split));
	}

	@Test
	void changedBytesDoNotDecrypt() {
		StateCipher cipher = new StateCipher(Map.of("one", KEY_ONE), "one");
		byte[] sealed = cipher.encrypt("wallets", "alice", STATE).data();
		sealed[20] ^= 1;
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decrypt("wallets", "alice", "one", sealed));
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decrypt("wallets", "alice", "one", new byte[5]));
	}

	@Test
	void withoutAnActiveKeyStatesAreStoredInPlain() {
		StateCipher cipher = new StateCipher(Map.of("one", KEY_ONE), null);
		StateCipher.Sealed plain = cipher.encrypt("wallets", "alice", STATE);
		assertThat(plain.keyId()).isNull();
		assertThat(plain.data()).isEqualTo(STATE);
		assertThat(cipher.decrypt("wallets", "alice", null, STATE)).isEqualTo(STATE);
	}

	@Test
	void afterRotationRowsUnderTheEarlierKeyStillDecrypt() {
		byte[] underOne = new StateCipher(Map.of("one", KEY_ONE), "one").encrypt("wallets", "alice", STATE).data();
		StateCipher rotated = new StateCipher(Map.of("one", KEY_ONE, "two", KEY_TWO), "two");
		assertThat(rotated.decrypt("wallets", "alice", "one", underOne)).isEqualTo(STATE);
		assertThat(rotated.encrypt("wallets", "alice", STATE).keyId()).isEqualTo("two");
	}

	@Test
	void aRowUnderAKeyThatIsNotConfiguredSaysWhatToConfigure() {
		byte[] underOne = new StateCipher(Map.of("one", KEY_ONE), "one").encrypt("wallets", "alice", STATE).data();
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> StateCipher.none().decrypt("wallets", "alice", "one", underOne))
			.withMessageContaining("'wallets'")
			.withMessageContaining("'alice'")
			.withMessageContaining("key id 'one'")
			.withMessageContaining("actors.persistence.encryption.keys.one")
			.satisfies((ex) -> assertThat(ex.registry()).isEqualTo("wallets"))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("alice"));
	}

	/**
	 * Arguments open only for the invocation they were sealed for: another id, receiver
	 * or operation, or bytes sealed as a state, do not.
	 */
	@Test
	void argumentsAreBoundToTheirInvocation() {
		StateCipher cipher = new StateCipher(Map.of("one", KEY_ONE), "one");
		Invocation invocation = new Invocation("id-1", "wallets", "bob", "example.Account", "deposit", STATE);
		StateCipher.Sealed sealed = cipher.encryptArguments(invocation);
		assertThat(sealed.keyId()).isEqualTo("one");
		assertThat(sealed.data()).isNotEqualTo(STATE);
		assertThat(cipher.decryptArguments("wallets", "alice", sealedAs(invocation, sealed.data()), "one"))
			.isEqualTo(invocation);

		for (Invocation moved : List.of(new Invocation("id-2", "wallets", "bob", "example.Account", "deposit", STATE),
				new Invocation("id-1", "wallets", "carol", "example.Account", "deposit", STATE),
				new Invocation("id-1", "wallets", "bob", "example.Account", "withdraw", STATE))) {
			assertThatExceptionOfType(StateStoreException.class)
				.isThrownBy(() -> cipher.decryptArguments("wallets", "alice", sealedAs(moved, sealed.data()), "one"))
				.withMessageContainingAll("'wallets'", "'alice'", "durable send " + moved.id(), "does not decrypt");
		}
		byte[] state = cipher.encrypt("wallets", "alice", STATE).data();
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decryptArguments("wallets", "alice", sealedAs(invocation, state), "one"));
	}

	/**
	 * Refusals are sealed as Base64 text bound to their row's actor and send; without an
	 * active key they stay plain text.
	 */
	@Test
	void refusalsAreSealedAsTextBoundToTheirActorAndSend() {
		StateCipher cipher = new StateCipher(Map.of("one", KEY_ONE), "one");
		StateCipher.SealedText sealed = cipher.encryptRefusal("wallets", "alice", "send-1", "Refused: no funds");
		assertThat(sealed.keyId()).isEqualTo("one");
		assertThat(sealed.text()).doesNotContain("funds");
		assertThat(cipher.decryptRefusal("wallets", "alice", "send-1", "one", sealed.text()))
			.isEqualTo("Refused: no funds");
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decryptRefusal("wallets", "alice", "send-2", "one", sealed.text()))
			.withMessageContaining("refusal of durable send send-2");
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decryptRefusal("wallets", "bob", "send-1", "one", sealed.text()));
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> cipher.decryptRefusal("wallets", "alice", "send-1", "one", "not base64 !"));

		StateCipher.SealedText plain = StateCipher.none().encryptRefusal("wallets", "alice", "send-1", "Refused");
		assertThat(plain).isEqualTo(new StateCipher.SealedText(null, "Refused"));
		assertThat(StateCipher.none().decryptRefusal("wallets", "alice", "send-1", null, "Refused"))
			.isEqualTo("Refused");
	}

	private static Invocation sealedAs(Invocation invocation, byte[] arguments) {
		return new Invocation(invocation.id(), invocation.registry(), invocation.key(), invocation.contract(),
				invocation.operation(), arguments);
	}

	private static byte[] key(int length, int seed) {
		byte[] key = new byte[length];
		for (int i = 0; i < length; i++) {
			key[i] = (byte) (seed * 31 + i);
		}
		return key;
	}

}
