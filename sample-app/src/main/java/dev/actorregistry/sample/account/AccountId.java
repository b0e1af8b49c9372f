package dev.actorregistry.sample.account;

import java.util.regex.Pattern;

/**
 * What an account id may be, checked before a request reaches an actor so that junk ids
 * start no actor and query no database.
 * <p>
 * An id is 1 to {@value #MAX_LENGTH} ASCII letters, digits, dots, underscores and
 * hyphens, starting with a letter or a digit. ASCII only, so two ids that look the same
 * are the same (no look-alike letters, no Unicode normalisation forms); only characters
 * that never need percent-encoding in a URL path, so an id reads the same in a link, a
 * log line and the database; never {@code .} or {@code ..}, which a path normalises away,
 * nor a leading hyphen that a command line takes for an option; at most
 * {@value #MAX_LENGTH} characters, which bounds what an id costs in logs, problem details
 * and the state table's key column.
 */
public final class AccountId {

	/** The longest id. */
	public static final int MAX_LENGTH = 64;

	/** The rule, as a regular expression; usable in a constraint annotation. */
	public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}";

	/** The rule in words, for a client. */
	public static final String RULE = "1 to " + MAX_LENGTH
			+ " ASCII letters, digits, '.', '_' or '-', starting with a letter or a digit";

	private static final Pattern VALID = Pattern.compile(PATTERN);

	private AccountId() {
	}

	/**
	 * The id, if it follows the rule.
	 * @param id an id from a request
	 * @return the id
	 * @throws InvalidAccountIdException if it does not
	 */
	static String requireValid(String id) {
		if (id.length() > MAX_LENGTH || !VALID.matcher(id).matches()) {
			throw new InvalidAccountIdException(id);
		}
		return id;
	}

}
