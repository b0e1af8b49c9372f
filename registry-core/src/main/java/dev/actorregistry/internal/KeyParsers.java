package dev.actorregistry.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Turns keys stored as text back into keys, for the key types that say how: strings, the
 * boxed integers, UUIDs, enums, and any type with a static {@code valueOf(String)} or
 * {@code fromString(String)}.
 */
final class KeyParsers {

	private KeyParsers() {
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
