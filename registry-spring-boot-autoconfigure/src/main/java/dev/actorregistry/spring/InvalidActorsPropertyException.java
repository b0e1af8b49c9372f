package dev.actorregistry.spring;

/**
 * An {@code actors.*} property has a value the registries cannot run with.
 */
public class InvalidActorsPropertyException extends IllegalArgumentException {

	private final String property;

	private final Object value;

	private final String allowed;

	/**
	 * Create an exception.
	 * @param property the property's full name
	 * @param value the value it has
	 * @param allowed what it may be instead
	 */
	public InvalidActorsPropertyException(String property, Object value, String allowed) {
		super("Property '" + property + "' is '" + value + "'; it must be " + allowed + ".");
		this.property = property;
		this.value = value;
		this.allowed = allowed;
	}

	/**
	 * The property's full name.
	 * @return the name
	 */
	public String property() {
		return this.property;
	}

	/**
	 * The value it has.
	 * @return the value
	 */
	public Object value() {
		return this.value;
	}

	/**
	 * What it may be instead.
	 * @return a description of the allowed values
	 */
	public String allowed() {
		return this.allowed;
	}

}
