/**
 * Bank accounts: the {@link dev.actorregistry.sample.account.Account} actor and the HTTP
 * API in front of it.
 */
@NullMarked
package dev.actorregistry.sample.account;

import org.jspecify.annotations.NullMarked;
