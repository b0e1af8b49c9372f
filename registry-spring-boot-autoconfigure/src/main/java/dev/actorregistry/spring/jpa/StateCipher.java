package dev.actorregistry.spring.jpa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.invocation.Invocation;

/**
 * Encrypts actor states at rest with AES-GCM, under keys named by id.
 * <p>
 * Each row gets a fresh random 12-byte IV, stored in front of the ciphertext, and a
 * 128-bit authentication tag. The registry's name and the actor's key are authenticated
 * with it, so a row copied onto another actor's row fails to decrypt rather than handing
 * one actor another's state. Each row names the id of its key: new rows use the active
 * key, and rows written under an earlier key still read as long as that key stays
 * configured, so keys can rotate without rewriting the table.
 * <p>
 * The same keys seal what durable sends store beside the states, as they may hold
 * personal data just as states do: the arguments of each invocation, bound to that
 * invocation (its id, receiver, contract and operation), and the text of each refusal,
 * bound to its row's actor and send id. Each use authenticates a context of its own, so
 * bytes sealed for one never open as another.
 */
public final class StateCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	/**
	 * The longest key id: the size of the {@code key_id} column that names each row's
	 * key.
	 */
	public static final int MAX_KEY_ID_LENGTH = 100;

	private static final String KEYS_PROPERTY = "actors.persistence.encryption.keys.";

	/** Separates the associated data of states from any other use of the same keys. */
	private static final byte[] STATE = "actor-registry/state/v1".getBytes(StandardCharsets.UTF_8);

	/** The context of an invocation's arguments. */
	private static final byte[] ARGUMENTS = "actor-registry/invocation-arguments/v1".getBytes(StandardCharsets.UTF_8);

	/** The context of a refusal's text. */
	private static final byte[] REFUSAL = "actor-registry/refusal/v1".getBytes(StandardCharsets.UTF_8);

	private final Map<String, SecretKey> keys;

	private final @Nullable String activeKeyId;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create a cipher.
	 * @param keys AES keys by id, each 16, 24 or 32 bytes
	 * @param activeKeyId the id of the key new states are encrypted with, or {@code null}
	 * to store new states in plain
	 * @throws IllegalArgumentException if a key has another length, or the active key is
	 * not one of the keys
	 */
	public StateCipher(Map<String, byte[]> keys, @Nullable String activeKeyId) {
		Map<String, SecretKey> secretKeys = new LinkedHashMap<>();
		keys.forEach((id, key) -> {
			if (id.isEmpty() || id.length() > MAX_KEY_ID_LENGTH) {
				throw new IllegalArgumentException("The key id '" + id + "' must be 1 to " + MAX_KEY_ID_LENGTH
						+ " characters long: rows store it in a column of that size");
			}
			if (!validLength(key.length)) {
				throw new IllegalArgumentException(
						"The AES key '" + id + "' is " + key.length + " bytes long; it must be 16, 24 or 32 bytes");
			}
			secretKeys.put(id, new SecretKeySpec(key, "AES"));
		});
		if (activeKeyId != null && !secretKeys.containsKey(activeKeyId)) {
			throw new IllegalArgumentException(
					"The active key '" + activeKeyId + "' is not one of the keys " + secretKeys.keySet());
		}
		this.keys = Map.copyOf(secretKeys);
		this.activeKeyId = activeKeyId;
	}

	/**
	 * A cipher with no keys: states are stored in plain, and a row that names a key fails
	 * to read with a message saying which key to configure.
	 * @return the cipher
	 */
	static StateCipher none() {
		return new StateCipher(Map.of(), null);
	}

	private static boolean validLength(int length) {
		return length == 16 || length == 24 || length == 32;
	}

	/**
	 * Encrypt a state with the active key, bound to its registry and actor.
	 * @param registry the registry's name
	 * @param actorKey the actor's key, as stored
	 * @param plaintext the serialized state
	 * @return the bytes to store and the id of their key; the plaintext itself and no key
	 * id when there is no active key
	 */
	Sealed encrypt(String registry, String actorKey, byte[] plaintext) {
		return seal(plaintext, associatedData(STATE, registry, actorKey));
	}

	/**
	 * Decrypt a stored state.
	 * @param registry the registry's name
	 * @param actorKey the actor's key, as stored
	 * @param keyId the id of the key the row names, or {@code null} for a row in plain
	 * @param stored the stored bytes
	 * @return the serialized state
	 * @throws StateStoreException if the key id is not configured, or the bytes do not
	 * authenticate under it for this registry and actor
	 */
	byte[] decrypt(String registry, String actorKey, @Nullable String keyId, byte[] stored) {
		return open(registry, actorKey, "the stored state", keyId, stored, associatedData(STATE, registry, actorKey));
	}

	/**
	 * Encrypt the arguments of an invocation with the active key, bound to the
	 * invocation: its id, receiver, contract and operation.
	 * @param invocation the invocation
	 * @return the bytes to store and the id of their key; the arguments themselves and no
	 * key id when there is no active key
	 */
	Sealed encryptArguments(Invocation invocation) {
		return seal(invocation.arguments(), argumentsData(invocation));
	}

	/**
	 * Decrypt the stored arguments of an invocation.
	 * @param registry the registry of the actor whose row holds them, for messages
	 * @param actorKey that actor's key, for messages
	 * @param stored the invocation as stored, its arguments sealed
	 * @param keyId the id of the key the row names, or {@code null} for a row in plain
	 * @return the invocation with its arguments in plain
	 * @throws StateStoreException if the key id is not configured, or the arguments do
	 * not authenticate under it for this invocation
	 */
	Invocation decryptArguments(String registry, String actorKey, Invocation stored, @Nullable String keyId) {
		byte[] arguments = open(registry, actorKey, "the stored invocation of durable send " + stored.id(), keyId,
				stored.arguments(), argumentsData(stored));
		return new Invocation(stored.id(), stored.registry(), stored.key(), stored.contract(), stored.operation(),
				arguments);
	}

	/**
	 * Encrypt the text of a refusal with the active key, bound to the actor whose row
	 * holds it and to the send it refuses or answers.
	 * @param registry the registry of the actor whose row holds it
	 * @param actorKey that actor's key, as stored
	 * @param sendId the id of the row's send
	 * @param refusal the text
	 * @return the text to store, Base64 when sealed, and the id of its key; the text
	 * itself and no key id when there is no active key
	 */
	SealedText encryptRefusal(String registry, String actorKey, String sendId, String refusal) {
		Sealed sealed = seal(refusal.getBytes(StandardCharsets.UTF_8),
				associatedData(REFUSAL, registry, actorKey, sendId));
		return (sealed.keyId() != null)
				? new SealedText(sealed.keyId(), Base64.getEncoder().encodeToString(sealed.data()))
				: new SealedText(null, refusal);
	}

	/**
	 * Decrypt the stored text of a refusal.
	 * @param registry the registry of the actor whose row holds it
	 * @param actorKey that actor's key, as stored
	 * @param sendId the id of the row's send
	 * @param keyId the id of the key the row names, or {@code null} for a row in plain
	 * @param stored the stored text
	 * @return the text in plain
	 * @throws StateStoreException if the key id is not configured, or the text does not
	 * authenticate under it for this actor and send
	 */
	String decryptRefusal(String registry, String actorKey, String sendId, @Nullable String keyId, String stored) {
		if (keyId == null) {
			return stored;
		}
		String what = "the refusal of durable send " + sendId;
		byte[] sealed;
		try {
			sealed = Base64.getDecoder().decode(stored);
		}
		catch (IllegalArgumentException ex) {
			throw notAuthentic(registry, actorKey, what, keyId, ex);
		}
		return new String(
				open(registry, actorKey, what, keyId, sealed, associatedData(REFUSAL, registry, actorKey, sendId)),
				StandardCharsets.UTF_8);
	}

	private Sealed seal(byte[] plaintext, byte[] associatedData) {
		if (this.activeKeyId == null) {
			return new Sealed(null, plaintext);
		}
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(associatedData);
			byte[] sealed = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
			System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
			cipher.doFinal(plaintext, 0, plaintext.length, sealed, IV_BYTES);
			return new Sealed(this.activeKeyId, sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption is not available in this JVM: " + ex, ex);
		}
	}

	/**
	 * @param what what is stored, for messages: "the stored state"
	 */
	private byte[] open(String registry, String actorKey, String what, @Nullable String keyId, byte[] stored,
			byte[] associatedData) {
		if (keyId == null) {
			return stored;
		}
		SecretKey key = this.keys.get(keyId);
		if (key == null) {
			throw new StateStoreException(registry, actorKey,
					what + " is encrypted with the key id '" + keyId + "', which is not configured (the keys are "
							+ this.keys.keySet() + ")",
					"Add that key as " + KEYS_PROPERTY + keyId
							+ " (base64); keep every key that stored rows may still be encrypted with",
					null);
		}
		if (stored.length < IV_BYTES + TAG_BITS / 8) {
			throw notAuthentic(registry, actorKey, what, keyId, null);
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw notAuthentic(registry, actorKey, what, keyId, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM decryption is not available in this JVM: " + ex, ex);
		}
	}

	private static StateStoreException notAuthentic(String registry, String actorKey, String what, String keyId,
			@Nullable Throwable cause) {
		return new StateStoreException(registry, actorKey, what + " does not decrypt with the key id '" + keyId
				+ "': the row was changed outside the registry, copied from another actor's row, or the key configured as "
				+ KEYS_PROPERTY + keyId + " is not the one it was encrypted with", "Restore the row or the key", cause);
	}

	private static byte[] argumentsData(Invocation invocation) {
		return associatedData(ARGUMENTS, invocation.id(), invocation.registry(), invocation.key(),
				invocation.contract(), invocation.operation());
	}

	/**
	 * What the tag authenticates besides the plaintext: the context, then each part with
	 * its length so that no two lists of parts give the same bytes. For a state, the
	 * parts are its registry and actor, as they were before sends were sealed too.
	 */
	private static byte[] associatedData(byte[] context, String... parts) {
		byte[][] encoded = new byte[parts.length][];
		int length = context.length;
		for (int i = 0; i < parts.length; i++) {
			encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
			length += 4 + encoded[i].length;
		}
		ByteBuffer data = ByteBuffer.allocate(length).put(context);
		for (byte[] part : encoded) {
			data.putInt(part.length).put(part);
		}
		return data.array();
	}

	/**
	 * A state as stored: encrypted, or in plain when {@code keyId} is {@code null}.
	 *
	 * @param keyId the id of the key it is encrypted with, or {@code null}
	 * @param data the bytes to store
	 */
	record Sealed(@Nullable String keyId, byte[] data) {

		/**
		 * Create a stored state.
		 * @param keyId the id of the key it is encrypted with, or {@code null}
		 * @param data the bytes to store
		 */
		Sealed {
			Objects.requireNonNull(data, "data must not be null");
		}

	}

	/**
	 * A text as stored: sealed and in Base64, or in plain when {@code keyId} is
	 * {@code null}.
	 *
	 * @param keyId the id of the key it is encrypted with, or {@code null}
	 * @param text the text to store
	 */
	record SealedText(@Nullable String keyId, String text) {

		/**
		 * Create a stored text.
		 * @param keyId the id of the key it is encrypted with, or {@code null}
		 * @param text the text to store
		 */
		SealedText {
			Objects.requireNonNull(text, "text must not be null");
		}

	}

}
