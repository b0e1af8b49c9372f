package dev.actorregistry;

import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.test.ReminderStoreContractTests;

/**
 * The in-memory reminder store keeps the contract every {@link ReminderStore} keeps.
 * Registries of one process share it, so another instance is the same store.
 */
class InMemoryReminderStoreTests extends ReminderStoreContractTests {

	@Override
	protected ReminderStore createStore() {
		return new InMemoryReminderStore();
	}

}
