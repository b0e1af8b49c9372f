/**
 * The test kit: a {@link dev.actorregistry.test.ManualClock} and a
 * {@link dev.actorregistry.test.RegistryTestKit} that advances it and runs what became
 * due, bounded {@link dev.actorregistry.test.Waits}, a
 * {@link dev.actorregistry.test.FlakyStateStore} that fails on demand, and contract tests
 * that a {@link dev.actorregistry.persistence.StateStore} or
 * {@link dev.actorregistry.reminder.ReminderStore} implementation extends.
 */
@NullMarked
package dev.actorregistry.test;

import org.jspecify.annotations.NullMarked;
