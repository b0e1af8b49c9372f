package dev.actorregistry.sample.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What a request body may be.
 *
 * @param maxSize The largest request body: 4 KiB, far more than the sample's small JSON
 * bodies need. A larger one is refused with 413 before it is read into memory.
 */
@ConfigurationProperties("sample.request-body")
public record RequestBodyProperties(@DefaultValue("4KB") DataSize maxSize) {

	public RequestBodyProperties {
		if (maxSize.isNegative() || maxSize.toBytes() == 0 || maxSize.toBytes() > Integer.MAX_VALUE - 1) {
			throw new IllegalArgumentException(
					"sample.request-body.max-size must be between 1 byte and 2 GB, but was " + maxSize);
		}
	}

}
