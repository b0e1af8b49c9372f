package dev.actorregistry.spring;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * A {@link Subscribe @Subscribe} method cannot receive topic messages as it is declared.
 */
public class InvalidSubscriptionException extends IllegalStateException {

	private final Method method;

	private final String problem;

	private final String action;

	/**
	 * Create an exception.
	 * @param method the annotated method
	 * @param problem what is wrong with it
	 * @param action what to do about it
	 */
	public InvalidSubscriptionException(Method method, String problem, String action) {
		this(method, problem, action, null);
	}

	/**
	 * Create an exception with a cause.
	 * @param method the annotated method
	 * @param problem what is wrong with it
	 * @param action what to do about it
	 * @param cause what failed, or {@code null}
	 */
	public InvalidSubscriptionException(Method method, String problem, String action, @Nullable Throwable cause) {
		super("@Subscribe method " + describe(method) + " " + problem + ". " + action + ".", cause);
		this.method = method;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * The method, as class name, method name and parameter types.
	 * @param method the method
	 * @return a description such as {@code com.example.Account.onRate(RateChanged)}
	 */
	static String describe(Method method) {
		StringBuilder text = new StringBuilder(method.getDeclaringClass().getName()).append('.')
			.append(method.getName())
			.append('(');
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			text.append((i > 0) ? ", " : "").append(ClassUtils.getShortName(types[i]));
		}
		return text.append(')').toString();
	}

	/**
	 * The annotated method.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * What is wrong with it.
	 * @return the problem, as the end of a sentence that starts with the method
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}
