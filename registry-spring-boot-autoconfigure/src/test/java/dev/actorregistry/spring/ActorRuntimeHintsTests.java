package dev.actorregistry.spring;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;

import dev.actorregistry.persistence.PersistentActor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints of the library ({@link ActorsRuntimeHints}) and of each actor
 * ({@link ActorTypeHints}), and that {@code META-INF/spring/aot.factories} contributes
 * the library's.
 */
class ActorRuntimeHintsTests {

	@Test
	void libraryHintsCoverWhatItCallsByReflection() {
		RuntimeHints hints = new RuntimeHints();
		new ActorsRuntimeHints().registerHints(hints, getClass().getClassLoader());
		// the SpEL expression behind @ActorKey
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ActorCreation.class, "currentKey"))
			.accepts(hints);
		// actors.executor.type=virtual: a Java 21 method, so checked by name on Java 17
		TypeHint executors = hints.reflection().getTypeHint(Executors.class);
		assertThat(executors).isNotNull();
		assertThat(executors.methods()).anySatisfy((method) -> {
			assertThat(method.getName()).isEqualTo("newVirtualThreadPerTaskExecutor");
			assertThat(method.getParameterTypes()).isEmpty();
			assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
		});
	}

	@Test
	void aotFactoriesContributeTheLibrarysHintsAndRegistrationProcessor() {
		assertThat(AotServices.factories(getClass().getClassLoader()).load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ActorsRuntimeHints.class);
		assertThat(AotServices.factories(getClass().getClassLoader()).load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(ActorBeanRegistrationAotProcessor.class);
	}

	@Test
	void actorHintsCoverSubscribeMethodsKeyTypeAndStateType() {
		RuntimeHints hints = new RuntimeHints();
		ActorTypeHints.register(hints, new ActorDefinition<>("tills", "till", UUID.class, Till.class));
		assertThat(RuntimeHintsPredicates.reflection().onType(Till.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Till.class, "onRate")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Till.class, "count")).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(UUID.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
		// the state record, as Jackson binds it, and the types it holds
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TillState.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TillState.class, "coins")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Coin.class, "cents")).accepts(hints);
	}

	@Test
	void stateTypeIsTheTypeArgumentGivenToPersistentActor() {
		assertThat(ActorTypeHints.stateType(Till.class)).isEqualTo(TillState.class);
		assertThat(ActorTypeHints.stateType(SubTill.class)).isEqualTo(TillState.class);
		assertThat(ActorTypeHints.stateType(Plain.class)).isNull();
	}

	@Test
	void actorThatIsNotPersistentRegistersNoStateType() {
		RuntimeHints hints = new RuntimeHints();
		ActorTypeHints.register(hints, new ActorDefinition<>("plain", "plain", String.class, Plain.class));
		assertThat(RuntimeHintsPredicates.reflection().onType(Plain.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TillState.class)).rejects(hints);
	}

	record Coin(int cents) {
	}

	record TillState(List<Coin> coins) {
	}

	static class Till implements PersistentActor<TillState> {

		int count() {
			return 0;
		}

		@Subscribe("rates")
		void onRate(Integer rate) {
		}

		@Override
		public TillState snapshot() {
			return new TillState(List.of());
		}

		@Override
		public void restore(TillState state) {
		}

	}

	static class SubTill extends Till {

	}

	static class Plain {

	}

}
