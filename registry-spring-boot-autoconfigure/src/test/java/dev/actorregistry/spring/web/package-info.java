@NullMarked
package dev.actorregistry.spring.web;

import org.jspecify.annotations.NullMarked;
