@NullMarked
package dev.actorregistry.spring.actuate;

import org.jspecify.annotations.NullMarked;
