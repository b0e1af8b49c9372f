package dev.actorregistry.sample.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemDetailErrorReportValve} in the place of Tomcat's error report valve
 * on the host. Boot adds a plain {@link ErrorReportValve} to the host from a context
 * customizer of its own; this customizer runs after Boot's (lowest precedence), so its
 * context customizer, registered later, runs later too, and replaces that valve. The
 * host's error report valve class is set as well: a host that starts without a valve of
 * that class adds one of its own.
 */
@Component
public class ProblemDetailErrorReportValveCustomizer
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Host host = (Host) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			if (host instanceof StandardHost standardHost) {
				standardHost.setErrorReportValveClass(ProblemDetailErrorReportValve.class.getName());
			}
			host.getPipeline().addValve(new ProblemDetailErrorReportValve());
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
