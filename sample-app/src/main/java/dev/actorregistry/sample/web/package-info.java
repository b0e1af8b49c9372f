/**
 * What makes every error the sample answers a problem detail (RFC 9457), including those
 * answered before a request reaches a controller: by a filter, by the servlet container's
 * error page, or by Tomcat itself.
 */
@NullMarked
package dev.actorregistry.sample.web;

import org.jspecify.annotations.NullMarked;
