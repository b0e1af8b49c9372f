package dev.actorregistry.autoconfigure.aot;

import java.io.IOException;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.Topics;
import dev.actorregistry.autoconfigure.aot.AotApplication.Ledger;
import dev.actorregistry.autoconfigure.aot.AotApplication.LedgerState;
import dev.actorregistry.autoconfigure.aot.AotApplication.Rate;
import dev.actorregistry.autoconfigure.aot.AotApplication.Teller;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.spring.ActorBeanRegistrar;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application processed ahead of time, as {@code spring-boot:process-aot} does: its
 * bean definitions become generated code, which is compiled and run in a fresh context
 * that never scans or runs {@link ActorBeanRegistrar}. Its package-private, persistent,
 * subscribing actors answer there as they do on the JVM without AOT.
 */
@CompileWithForkedClassLoader
class AotProcessedContextTests {

	@Test
	void aotProcessedContextInjectsTheRegistryByItsGenericTypeAndItsActorsAnswer() {
		runAotProcessed((context) -> {
			ActorRegistry<String, Ledger> ledgers = context.getBean(Teller.class).ledgers;
			assertThat(ledgers.name()).isEqualTo("ledger");
			assertThat(ledgers.ask("alice", (ledger) -> ledger.add(5)).join()).isEqualTo(5);
			// the key and the context were injected into the constructor
			assertThat(ledgers.ask("alice", (ledger) -> ledger.key).join()).isEqualTo("alice");
			assertThat(ledgers.ask("alice", (ledger) -> ledger.context.key()).join()).isEqualTo("alice");
			// the registrar's definitions are code: the registrar itself is not a bean
			assertThat(context.getBeanNamesForType(ActorBeanRegistrar.class)).isEmpty();
		});
	}

	@Test
	void aotProcessedContextInjectsTheClientOfTheActorsContractAndItsProxiesCall() {
		runAotProcessed((context) -> {
			Teller teller = context.getBean(Teller.class);
			teller.ledgers.ask("alice", (ledger) -> ledger.add(5)).join();
			assertThat(teller.balances.get("alice").balance()).isEqualTo(5);
		});
	}

	@Test
	void aotProcessedContextDeliversTopicMessagesToSubscribeMethods() {
		runAotProcessed((context) -> {
			ActorRegistry<String, Ledger> ledgers = context.getBean(Teller.class).ledgers;
			Ledger alice = ledgers.ask("alice", (ledger) -> ledger).join();
			assertThat(context.getBean(Topics.class).publish("rates", new Rate(25))).isEqualTo(1);
			Waits.eventually().until(() -> alice.rates.size() == 1);
			assertThat(alice.rates).containsExactly(new Rate(25));
		});
	}

	@Test
	void aotProcessedContextPersistsStatesThroughTheJsonCodec() {
		runAotProcessed((context) -> {
			ActorRegistry<String, Ledger> ledgers = context.getBean(Teller.class).ledgers;
			ledgers.ask("alice", (ledger) -> ledger.add(7)).join();
			ledgers.stop("alice").join();
			assertThat(context.getBean(InMemoryStateStore.class).load("ledger", "alice")).isPresent();
			// a new activation reads the state back
			assertThat(ledgers.ask("alice", (ledger) -> ledger.add(1)).join()).isEqualTo(8);
		});
	}

	@Test
	void aotProcessingRegistersTheHintsOfTheActorsAndTheLibrary() {
		TestGenerationContext generationContext = new TestGenerationContext();
		new ApplicationContextAotGenerator().processAheadOfTime(sourceContext(), generationContext);
		RuntimeHints hints = generationContext.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onType(Ledger.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Ledger.class, "onRate")).accepts(hints);
		// the contract: a JDK proxy of it, and its operations
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(AotApplication.Balances.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AotApplication.Balances.class, "balance"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(LedgerState.class, "balance")).accepts(hints);
		// the state's nested types too
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Rate.class, "basisPoints")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/actorregistry/spring/jpa/schema-postgresql.sql"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(dev.actorregistry.spring.ActorCreation.class, "currentKey")).accepts(hints);
	}

	@Test
	void aotProcessingWritesTheActorsBeansInTheActorsPackage() throws IOException {
		TestGenerationContext generationContext = new TestGenerationContext();
		new ApplicationContextAotGenerator().processAheadOfTime(sourceContext(), generationContext);
		generationContext.writeGeneratedContent();
		// beside the actor, which is package-private, rather than beside the registrar
		String path = AotApplication.class.getName().replace('.', '/') + "__BeanDefinitions.java";
		assertThat(generationContext.getGeneratedFiles().getGeneratedFileContent(Kind.SOURCE, path))
			.contains("Ledger.class")
			.contains("getLedgerActorRegistryBeanDefinition")
			.contains("getLedgerActorDefinitionBeanDefinition");
		InMemoryGeneratedFiles files = generationContext.getGeneratedFiles();
		for (String name : files.getGeneratedFiles(Kind.SOURCE).keySet()) {
			if (!name.equals(path)) {
				assertThat(files.getGeneratedFileContent(Kind.SOURCE, name)).as(name).doesNotContain("Ledger.class");
			}
		}
	}

	private static GenericApplicationContext sourceContext() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(AotApplication.class);
		return context;
	}

	// Processed and compiled once for the class: each test starts a fresh context from
	// it.
	private static ApplicationContextInitializer<GenericApplicationContext> aotInitializer;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void processAheadOfTime() {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(sourceContext(),
				generationContext);
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem()
			.with(generationContext)
			.compile((compiled) -> aotInitializer = compiled.getInstance(ApplicationContextInitializer.class,
					initializer.reflectionName()));
	}

	private static void runAotProcessed(Consumer<GenericApplicationContext> assertions) {
		GenericApplicationContext context = new GenericApplicationContext();
		aotInitializer.initialize(context);
		context.refresh();
		try {
			assertions.accept(context);
		}
		finally {
			context.close();
		}
	}

}
