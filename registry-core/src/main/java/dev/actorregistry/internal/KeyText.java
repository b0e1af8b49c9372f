package dev.actorregistry.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.KeyTooLongException;

/**
 * The one rule by which keys become text and back, for the stores that keep keys as text
 * (the state store and the reminder store) and their limits on its length. A key's text
 * is its {@link String#valueOf}; a text reads back through the registry's key parser, or
 * else through the key type's own: strings, the boxed integers, UUIDs, enums, and any
 * type with a static {@code valueOf(String)} or {@code fromString(String)}.
 */
final class KeyText {

	private KeyText() {
	}

	/**
	 * A key as stores keep it.
	 * @param key the key
	 * @return its text
	 */
	static String of(Object key) {
		return String.valueOf(key);
	}

	/**
	 * Why a store could not keep a key: its text is longer than the store keeps.
	 * @param registry the registry's name
	 * @param key the key
	 * @param maxLength the longest text the store keeps; {@link Integer#MAX_VALUE} for no
	 * limit
	 * @return the refusal, or null if the key fits
	 */
	static @Nullable KeyTooLongException tooLong(String registry, Object key, int maxLength) {
		if (maxLength == Integer.MAX_VALUE) {
			return null; // no limit: not even the text is needed
		}
		int length = of(key).length();
		return (length > maxLength) ? new KeyTooLongException(registry, key, length, maxLength) : null;
	}

	/**
	 * The parser of a registry's keys: the one it was given, or its key type's own.
	 * @throws IllegalArgumentException if it was given none and the key type does not say
	 * how
	 */
	static <K> Function<String, K> parser(RegistryConfig<K, ?> config) {
		if (config.keyParser() != null) {
			return config.keyParser();
		}
		Function<String, K> parser = forType(config.keyType());
		if (parser == null) {
			throw new IllegalArgumentException("Registry '" + config.name()
					+ "': reminders and durable sends keep keys as " + "text, and " + config.keyType().getName()
					+ " has no static valueOf(String) or fromString(String) to read them "
					+ "back; give the builder a keyParser");
		}
		return parser;
	}

	/**
	 * The parser for a key type.
	 * @return the parser, or {@code null} if the type does not say how
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static <K> @Nullable Function<String, K> forType(Class<K> type) {
		if (type == String.class || type == Object.class || type == CharSequence.class) {
			return (text) -> (K) text;
		}
		if (type == UUID.class) {
			return (text) -> (K) UUID.fromString(text);
		}
		if (type.isEnum()) {
			return (text) -> (K) Enum.valueOf((Class) type, text);
		}
		for (String name : new String[] { "valueOf", "fromString" }) {
			try {
				Method factory = type.getMethod(name, String.class);
				if (Modifier.isStatic(factory.getModifiers()) && type.isAssignableFrom(factory.getReturnType())) {
					return (text) -> {
						try {
							return type.cast(factory.invoke(null, text));
						}
						catch (ReflectiveOperationException ex) {
							throw new IllegalArgumentException(
									"'" + text + "' is not a valid " + type.getSimpleName() + ": " + ex.getCause(), ex);
						}
					};
				}
			}
			catch (NoSuchMethodException ex) {
				// try the next name
			}
		}
		return null;
	}

}
