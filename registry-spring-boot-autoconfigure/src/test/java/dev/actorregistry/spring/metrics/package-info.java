@NullMarked
package dev.actorregistry.spring.metrics;

import org.jspecify.annotations.NullMarked;
