package dev.actorregistry.sample.web;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * A JSON value of the wrong kind is a client error, not a value to convert: by default
 * Jackson reads {@code {"amount": "100"}} and {@code {"amount": true}} as amounts, and
 * {@code {"from": 1}} as the account {@code "1"}. Here a whole number must be a JSON
 * number and a string a JSON string; a fraction as a whole number is refused by
 * {@code spring.jackson.deserialization.accept-float-as-int: false} in
 * {@code application.yml}. A refused value is answered with 400 naming the field.
 * <p>
 * The application's {@code JsonMapper} also reads the accounts' saved states, which it
 * wrote with the same kinds of values, so this refuses nothing it saved.
 */
@Component
public class StrictJsonCoercion implements JsonMapperBuilderCustomizer {

	@Override
	public void customize(JsonMapper.Builder builder) {
		builder.withCoercionConfig(LogicalType.Integer, (config) -> {
			config.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
			config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
		});
		builder.withCoercionConfig(LogicalType.Textual, (config) -> {
			config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
			config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
			config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
		});
	}

}
