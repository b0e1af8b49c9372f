package dev.actorregistry.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorContractException;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.spring.jackson.JacksonInvocationCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@link ActorInterface @ActorInterface} of an {@code @Actor} class becomes an
 * {@link ActorClient} bean, injectable by its generic types, and every operation of it is
 * checked at start-up with the JSON codec.
 */
class ActorClientBeansTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ActorsAutoConfiguration.class));

	@Test
	void eachContractOfAnActorBecomesAClientInjectableByItsGenericTypes() {
		this.runner.withUserConfiguration(AccountActor.class, Teller.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanNamesForType(ActorClient.class)).containsExactly("accountAccountClient");
			Teller teller = context.getBean(Teller.class);
			assertThat(teller.accounts.get("alice").deposit(new Money(5, "EUR"))).isEqualTo(new Money(5, "EUR"));
			assertThat(teller.accounts.get("alice").withdraw(new Money(2, "EUR")).join())
				.isEqualTo(new Money(3, "EUR"));
			assertThat(context.getBean(InvocationCodec.class)).isInstanceOf(JacksonInvocationCodec.class);
		});
	}

	@Test
	void aContractWhoseArgumentsCannotBeSentFailsTheStartUpNamingTheOperationAndParameter() {
		this.runner.withUserConfiguration(BrokenActor.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ActorContractException.class)
				.hasMessageContaining(Broken.class.getName())
				.hasMessageContaining("operation 'store'")
				.hasMessageContaining("parameter")
				.hasMessageContaining("no properties to write");
		});
	}

	@Test
	void aContractWhoseResultIsAbstractWithoutTypeInformationFailsTheStartUp() {
		this.runner.withUserConfiguration(AbstractResultActor.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ActorContractException.class)
				.hasMessageContaining("operation 'shape'")
				.hasMessageContaining("its result")
				.hasMessageContaining("abstract");
		});
	}

	@Test
	void theCodecWritesArgumentsWithTheirGenericTypesAndReadsThemBack() {
		this.runner.withUserConfiguration(AccountActor.class).run((context) -> {
			InvocationCodec codec = context.getBean(InvocationCodec.class);
			ActorClient<?, ?> client = context.getBean(ActorClient.class);
			var operation = client.contract().operation("transfer").orElseThrow();
			Object[] arguments = { List.of(new Money(1, "EUR")), Map.of("to", "bob") };
			byte[] data = codec.encodeArguments(operation, arguments);
			assertThat(new String(data)).isEqualTo("[[{\"amount\":1,\"currency\":\"EUR\"}],{\"to\":\"bob\"}]");
			assertThat(codec.decodeArguments(operation, data)).containsExactly(arguments);
			byte[] result = codec.encodeResult(operation, new Money(1, "EUR"));
			assertThat(codec.decodeResult(operation, result)).isEqualTo(new Money(1, "EUR"));
		});
	}

	public record Money(long amount, String currency) {

	}

	@ActorInterface
	public interface Account {

		Money deposit(Money money);

		CompletableFuture<Money> withdraw(Money money);

		Money transfer(List<Money> parts, Map<String, String> to);

	}

	@Actor(name = "account")
	static class AccountActor implements Account {

		private long balance;

		@Override
		public Money deposit(Money money) {
			this.balance += money.amount();
			return new Money(this.balance, money.currency());
		}

		@Override
		public CompletableFuture<Money> withdraw(Money money) {
			this.balance -= money.amount();
			return CompletableFuture.completedFuture(new Money(this.balance, money.currency()));
		}

		@Override
		public Money transfer(List<Money> parts, Map<String, String> to) {
			return parts.get(0);
		}

	}

	static class Teller {

		final ActorClient<String, Account> accounts;

		Teller(ActorClient<String, Account> accounts) {
			this.accounts = accounts;
		}

	}

	public static class Opaque {

	}

	@ActorInterface
	public interface Broken {

		void store(Opaque value);

	}

	@Actor(name = "broken")
	static class BrokenActor implements Broken {

		@Override
		public void store(Opaque value) {
		}

	}

	public interface Shape {

		double getArea();

	}

	@ActorInterface
	public interface Shapes {

		Shape shape();

	}

	@Actor(name = "shapes")
	static class AbstractResultActor implements Shapes {

		@Override
		public Shape shape() {
			return () -> 1.0;
		}

	}

}
