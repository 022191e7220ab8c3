package io.github.anchorbatchmcp.transport.http;

import io.github.anchorbatchmcp.transport.Catalog;
import io.github.anchorbatchmcp.transport.ServerIdentity;
import io.github.anchorbatchmcp.transport.auth.ResourceServer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.io.PrintStream;
import java.time.Duration;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code --http}: MCP on embedded Jetty (Servlet 6.1, ee11) at {@code /mcp}, both eras, stateless.
 * Only this path loads Jetty or the servlet API.
 */
public final class HttpServer {

    /**
     * A connection may stay silent while a call runs (a wait without progress, or an API that is slow
     * and retried): longer than any call takes.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Threads beyond the calls in flight: acceptor, selector, and the quick refusals (401, 403, 503). */
    static final int SPARE_THREADS = 16;

    private HttpServer() {
    }

    /** Serves until SIGTERM (or SIGINT, SIGHUP): then stops accepting, drains, and exits 0. */
    public static void serve(HttpSettings settings, McpJsonMapper json, ServerIdentity identity, Catalog catalog,
            JsonSchemaValidator validator) throws Exception {
        PrintStream log = System.err;

        QueuedThreadPool threads = new QueuedThreadPool(settings.maxInFlight() + SPARE_THREADS, 4);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        connector.open(); // bound now: the resource URL below knows the port, before any request is served
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        String url = "http://" + host + ":" + connector.getLocalPort() + McpEndpoint.PATH;
        ResourceServer oauth = settings.oauth() == null ? null : new ResourceServer(
                settings.oauth().resource() != null ? settings.oauth() : settings.oauth().withResource(url));
        McpEndpoint endpoint = new McpEndpoint(new EraServlets(json, identity, catalog, validator), catalog.tools(), settings,
                oauth, log);

        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(endpoint), "/");
        // On stop: the connector accepts nothing more; requests in flight get up to the drain time.
        server.setHandler(new GracefulHandler(context));
        server.setStopTimeout(settings.drain().toMillis());
        server.setStopAtShutdown(false); // Jetty's own hook would end with 143; the signal handler exits 0
        server.start();
        stopOnSignals(server);

        if (oauth != null) {
            log.println("OAuth: /mcp takes access tokens of " + oauth.settings().issuer() + " for "
                    + oauth.settings().resource() + "; metadata at " + ResourceServer.METADATA_PATHS.get(0));
        }
        log.println("listening on " + url);
        server.join();
    }

    @SuppressWarnings("restriction")
    private static void stopOnSignals(Server server) {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable drainAndExit = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("stopping: " + e);
            }
            System.exit(0);
        };
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(drainAndExit, "drain").start());
            } catch (IllegalArgumentException e) {
                // not a signal on this platform (HUP on Windows)
            }
        }
    }
}
