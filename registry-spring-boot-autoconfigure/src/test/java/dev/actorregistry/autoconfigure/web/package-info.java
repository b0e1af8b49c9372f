@NullMarked
package dev.actorregistry.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
