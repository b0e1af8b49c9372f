/**
 * JMH benchmarks of the actor registry, side by side with the JDK and Apache Pekko.
 */
@NullMarked
package dev.actorregistry.benchmarks;

import org.jspecify.annotations.NullMarked;
