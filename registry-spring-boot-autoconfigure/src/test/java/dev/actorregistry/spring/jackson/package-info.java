@NullMarked
package dev.actorregistry.spring.jackson;

import org.jspecify.annotations.NullMarked;
