package dev.actorregistry;

import dev.actorregistry.reminders.InMemoryReminderStore;
import dev.actorregistry.reminders.ReminderStore;

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
