package dev.actorregistry.spring.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * A short, stable stand-in for an actor key that may be personal data (an e-mail address
 * as an account id, say): the first 48 bits of the SHA-256 of the key's text, as
 * {@code sha256:} and 12 hexadecimal digits. The same key always gives the same digest,
 * on every instance, so operators can correlate a problem detail with the endpoint and
 * with logs they are allowed to read, without seeing the key.
 * <p>
 * A digest hides a key; it does not encrypt it: whoever can guess candidate keys (every
 * e-mail address of a known domain) can hash them and compare.
 * <p>
 * Public because the actuator endpoint ({@code dev.actorregistry.spring.actuate}) masks
 * keys exactly as the problem details here do.
 */
public final class KeyDigest {

	private static final String PREFIX = "sha256:";

	private static final int BYTES = 6;

	private KeyDigest() {
	}

	/**
	 * The digest of a key.
	 * @param key the key, as its {@link String#valueOf text}
	 * @return {@code sha256:} and 12 hexadecimal digits
	 */
	public static String of(@Nullable Object key) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(String.valueOf(key).getBytes(StandardCharsets.UTF_8));
			return PREFIX + HexFormat.of().formatHex(hash, 0, BYTES);
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must provide SHA-256
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
