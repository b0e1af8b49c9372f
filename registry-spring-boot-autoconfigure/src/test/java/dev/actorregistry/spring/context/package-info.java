@NullMarked
package dev.actorregistry.spring.context;

import org.jspecify.annotations.NullMarked;
