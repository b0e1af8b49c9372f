package dev.actorregistry.sample.account;

import java.math.BigInteger;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The interest every open account earns, paid by a durable reminder of the account.
 *
 * @param period How often interest is paid: 30 days, a month near enough for a sample.
 * @param basisPoints The interest of one period, in hundredths of a percent of the
 * balance, rounded down to the smallest unit.
 */
@ConfigurationProperties("sample.interest")
public record InterestProperties(@DefaultValue("30d") Duration period, @DefaultValue("10") long basisPoints) {

	private static final BigInteger BASIS_POINTS_IN_WHOLE = BigInteger.valueOf(10_000);

	public InterestProperties {
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("sample.interest.period must be positive, but was " + period);
		}
		if (basisPoints < 0) {
			throw new IllegalArgumentException(
					"sample.interest.basis-points must not be negative, but was " + basisPoints);
		}
	}

	/**
	 * The interest on a balance for one period.
	 * @param balance the balance
	 * @return the interest, rounded down; {@link Long#MAX_VALUE} if it is larger
	 */
	long interestOn(long balance) {
		// exact: balance × basis points overflows a long long before the interest does
		BigInteger interest = BigInteger.valueOf(balance)
			.multiply(BigInteger.valueOf(this.basisPoints))
			.divide(BASIS_POINTS_IN_WHOLE);
		return (interest.bitLength() < Long.SIZE) ? interest.longValue() : Long.MAX_VALUE;
	}

}
