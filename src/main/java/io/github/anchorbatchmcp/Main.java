package io.github.anchorbatchmcp;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.github.anchorbatchmcp.anchor.Text;
import io.github.anchorbatchmcp.demo.DemoApi;
import io.github.anchorbatchmcp.demo.DemoBatches;
import io.github.anchorbatchmcp.prompts.PromptCatalog;
import io.github.anchorbatchmcp.resources.Dashboard;
import io.github.anchorbatchmcp.resources.ResourceCatalog;
import io.github.anchorbatchmcp.tools.AnchorTool;
import io.github.anchorbatchmcp.tools.BatchStatusTool;
import io.github.anchorbatchmcp.tools.BrowseTool;
import io.github.anchorbatchmcp.tools.CancelBatchTool;
import io.github.anchorbatchmcp.tools.CreateBatchTool;
import io.github.anchorbatchmcp.tools.ListBatchesTool;
import io.github.anchorbatchmcp.tools.RetryBatchTool;
import io.github.anchorbatchmcp.tools.LazySchemaValidator;
import io.github.anchorbatchmcp.tools.TaskTool;
import io.github.anchorbatchmcp.tools.ToolCatalog;
import io.github.anchorbatchmcp.tools.WaitTool;
import io.github.anchorbatchmcp.transport.Catalog;
import io.github.anchorbatchmcp.transport.ServerIdentity;
import io.github.anchorbatchmcp.transport.StdioTransport;
import io.github.anchorbatchmcp.transport.http.HttpServer;
import io.github.anchorbatchmcp.transport.http.HttpSettings;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Wires configuration, API client and tools to the stdio transport, or with --http to the HTTP one. */
public final class Main {

    static final String LOG_LEVEL = "ANCHOR_LOG_LEVEL";
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = false;
        String httpAddress = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--demo") && !demo) {
                demo = true;
            } else if (args[i].equals("--http") && httpAddress == null && i + 1 < args.length) {
                httpAddress = args[++i];
            } else {
                System.exit(commandLine(args, System.out, System.err));
            }
        }
        warmProtocolPathInBackground();
        // Stdout is the protocol: the transport writes to the raw descriptor (a PrintStream would hide
        // a closed pipe), and anything else printed to System.out (a library, by mistake) goes to stderr.
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);

        Map<String, String> env = System.getenv();
        Config config;
        HttpSettings http = null;
        try {
            config = Config.fromEnv(env);
            setLogLevel(env.get(LOG_LEVEL));
            if (httpAddress != null) {
                http = HttpConfig.fromEnv(httpAddress, env);
            }
        } catch (Config.ConfigException e) {
            System.err.println(Version.NAME + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (demo) {
            config = startDemoApi(config);
        }
        if (http != null) {
            serveHttp(config, http);
        } else {
            serve(config, protocol);
        }
    }

    /** --http: the same catalog over Streamable HTTP; stdin is not read. */
    static void serveHttp(Config config, HttpSettings http) throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        Catalog catalog = catalog(config, json, AnchorClient.forSettings(config.api()));
        LazySchemaValidator validator = new LazySchemaValidator();
        if (!config.hasApiKey()) {
            org.slf4j.LoggerFactory.getLogger(Main.class).warn("{} is not set: a call without its own anchor-api-key"
                    + " header gets an error until it is", Config.API_KEY);
        }
        inBackground("warm-tool", () -> catalog.tools().warmUp(validator));
        HttpServer.serve(http, json, new ServerIdentity(Version.NAME, Version.VALUE), catalog, validator);
    }

    static void serve(Config config, OutputStream protocol) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
        McpJsonMapper json = McpJsonDefaults.getMapper();
        AnchorClient client = AnchorClient.forSettings(config.api());
        Catalog catalog = catalog(config, json, client);
        LazySchemaValidator validator = new LazySchemaValidator();
        StdioTransport transport = new StdioTransport(json, System.in, protocol,
                new ServerIdentity(Version.NAME, Version.VALUE), catalog, validator,
                () -> inBackground("warm-tool", () -> catalog.tools().warmUp(validator)));
        log.info("{} {} ready on stdio; API {}; a call takes at most {}", Version.NAME, Version.VALUE,
                config.baseUrl(), Text.words(client.worstCase()));
        if (!config.hasApiKey()) {
            log.warn("{} is not set: the tools will answer with an error until it is", Config.API_KEY);
        }
        exitOnSignals();
        if (Boolean.getBoolean(REHEARSE)) {
            rehearseModernSession(json, catalog, validator);
        }
        transport.serve();
        log.info("end of input: stopping");
        System.exit(0);
    }

    /**
     * The tools, prompts and resources over the server's own client, and over a caller's own key where
     * a transport brings one.
     */
    private static Catalog catalog(Config config, McpJsonMapper json, AnchorClient client) {
        return new Catalog(new ToolCatalog(json, client, c -> tools(config, c)),
                new PromptCatalog(config.maxBatchSize(), config.readOnly()),
                new ResourceCatalog(json, client, Dashboard.load(config.readOnly()), config.maxListedSessions()));
    }

    /**
     * The eight tools; when the server is read-only, only the three that read and the browse tool,
     * which then only looks.
     */
    static List<AnchorTool> tools(Config config, AnchorClient client) {
        List<AnchorTool> tools = new ArrayList<>(List.of(
                new BatchStatusTool(client, config.maxListedSessions()),
                WaitTool.forClient(client, config.maxListedSessions()),
                new ListBatchesTool(client),
                new BrowseTool(client, config.maxDrivenSessions(), config.readOnly())));
        if (!config.readOnly()) {
            tools.addAll(List.of(new CreateBatchTool(client, config.maxBatchSize()), new CancelBatchTool(client),
                    new RetryBatchTool(client), TaskTool.forClient(client, config.maxDrivenSessions())));
        }
        return tools;
    }

    /**
     * The JSON mapper and the (de)serializers of the initialize exchange take most of the time to
     * the first answer, and the main thread does not need them until the server is built: a second
     * core prepares them meanwhile.
     */
    private static void warmProtocolPathInBackground() {
        inBackground("warm-protocol", () -> {
            try {
                McpJsonMapper json = McpJsonDefaults.getMapper();
                McpSchema.JSONRPCMessage request = McpSchema.deserializeJsonRpcMessage(json,
                        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"warm\",\"version\":\"0\"}}}");
                json.convertValue(((McpSchema.JSONRPCRequest) request).params(), McpSchema.InitializeRequest.class);
                json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 0, new McpSchema.InitializeResult(
                        "2025-06-18", ServerCapabilities.builder().tools(false).build(),
                        new McpSchema.Implementation(Version.NAME, Version.VALUE), null), null));
            } catch (IOException | RuntimeException e) {
                // only a head start: the real path does the same work if this fails
            }
        });
    }

    /**
     * Set by the launcher's training run only: the class-data archive it records should hold the
     * classes of both eras, but one connection speaks one era. So before serving the training's
     * initialize-era session from stdin, the process serves a short 2026-07-28 session of its own,
     * answered into nothing.
     */
    static final String REHEARSE = "anchor.rehearse";

    private static void rehearseModernSession(McpJsonMapper json, Catalog catalog, LazySchemaValidator validator) {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
        String session = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + meta + "}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + BatchStatusTool.NAME + "\",\"arguments\":{\"batch_id\":\"" + DemoBatches.COMPLETED + "\"}," + meta + "}}\n";
        new StdioTransport(json, new java.io.ByteArrayInputStream(session.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), new ServerIdentity(Version.NAME, Version.VALUE), catalog, validator,
                () -> { }).serve();
    }

    private static void inBackground(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the simulated API in this process and points the server at it; tells stderr what to try. */
    private static Config startDemoApi(Config config) throws IOException {
        DemoApi api = DemoApi.start();
        System.err.println(Version.NAME + " demo: a simulated Anchor API runs at " + api.baseUrl()
                + "; no key is needed. Batch ids to try:");
        DemoBatches.DESCRIPTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.err.println("  " + e.getKey() + "  " + e.getValue()));
        System.err.println("  any other UUID answers 404, as the real API does. Batches you create here move like the"
                + " first one; list, cancel and retry work on all of them, and every ready session is a simulated"
                + " browser to browse and give tasks (https://injection.example/ tries a prompt injection,"
                + " https://hostile.example/ has markup for a title)."
                + " Nothing is billed.");
        return config.withApi(api.baseUrl(), DemoApi.KEY);
    }

    /** A client that stops the server with a signal instead of closing stdin gets the same clean exit. */
    @SuppressWarnings("restriction")
    private static void exitOnSignals() {
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
            } catch (IllegalArgumentException e) {
                // not a signal on this platform (HUP on Windows)
            }
        }
    }

    /** --help and --version print to stdout and exit 0; anything else is a usage error on stderr. */
    static int commandLine(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(Version.NAME + " " + Version.VALUE);
            return 0;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(HELP);
            return 0;
        }
        err.println(Version.NAME + ": unknown arguments " + String.join(" ", args) + "; try --help");
        return 2;
    }

    private static void setLogLevel(String level) {
        if (level == null || level.isBlank()) {
            return;
        }
        String l = level.strip().toLowerCase(java.util.Locale.ROOT);
        if (!LOG_LEVELS.contains(l)) {
            throw new Config.ConfigException(LOG_LEVEL + " must be one of " + String.join(", ",
                    new java.util.TreeSet<>(LOG_LEVELS)) + " (got \"" + level + "\")");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
        // Never below info: the SDK's debug lines print whole messages, a task's secret values included
        // (the transport logs what clients send itself, masked), and its own warm-up as if a client sent it.
        boolean verbose = l.equals("debug") || l.equals("trace");
        System.setProperty("org.slf4j.simpleLogger.log.io.modelcontextprotocol", verbose ? "info" : l);
    }

    static final String HELP = """
            anchor-batch-mcp: an MCP server (stdio, or Streamable HTTP) for Anchor Browser batch sessions. Tools:
              get_batch_session_status     how far a batch has got, which browsers are ready
              wait_for_batch_sessions      the same, once enough are ready or the batch ends
              list_batch_sessions          this key's batches, newest first
              browse_batch_sessions        open a page in each ready browser; one contact
                                           sheet of them all, and their text
              create_batch_sessions        start a batch of browsers (costs money)
              cancel_batch_sessions        end a batch's browsers, in any state
              retry_failed_batch_sessions  try a batch's failed sessions again
              run_task_in_batch_sessions   an AI browser task in each ready browser
                                           (costs money)

            Usage (bin/anchor-batch-mcp starts faster than java -jar and takes the same arguments):
              java -jar anchor-batch-mcp.jar            serve MCP on stdin/stdout
              java -jar anchor-batch-mcp.jar --demo     the same against a built-in simulated
                                                        API (no key needed; ids on stderr)
              java -jar anchor-batch-mcp.jar --http [HOST:]PORT
                                                        serve MCP over Streamable HTTP at
                                                        http://HOST:PORT/mcp instead (HOST default
                                                        127.0.0.1, PORT 0 a free one), both protocol
                                                        eras, stateless; GET /healthz answers 200.
                                                        Combines with --demo. stdin is not read.
              java -jar anchor-batch-mcp.jar --help     this text
              java -jar anchor-batch-mcp.jar --version  the version

            Environment:
              ANCHOR_API_KEY              API key, sent as header anchor-api-key
                                          (fallback: ANCHORBROWSER_API_KEY); over HTTP a
                                          request's own anchor-api-key header takes precedence
              ANCHOR_BASE_URL             API root (default https://api.anchorbrowser.io)
              ANCHOR_TIMEOUT_SECONDS      limit for one HTTP attempt (default 30)
              ANCHOR_MAX_RETRIES          retries on 408, 429, 5xx, time-outs and
                                          connection failures (default 2)
              ANCHOR_MAX_LISTED_SESSIONS  most sessions listed in one result, 1-100 (default 20)
              ANCHOR_MAX_BATCH_SIZE       most browsers one create may start, 1-1000 (default 10)
              ANCHOR_MAX_DRIVEN_SESSIONS  most sessions one browse or task call drives, 1-50
                                          (default 10)
              ANCHOR_READ_ONLY            true: serve only the status, wait, list and browse
                                          tools, and browse only looks
              ANCHOR_LOG_LEVEL            stderr log level: error, warn, info, debug (default info)

            With --http:
              ANCHOR_MCP_HTTP_TOKEN       bearer token every /mcp request must send as
                                          Authorization: Bearer TOKEN (required when HOST
                                          is not loopback)
              ANCHOR_MCP_HTTP_TOKEN_FILE  the same, read from this file at start
              ANCHOR_MCP_OAUTH_ISSUER     instead of a shared token: the OAuth issuer whose
                                          access tokens /mcp takes (scopes anchor:read,
                                          anchor:write); https://, http:// only on loopback
              ANCHOR_MCP_PUBLIC_URL       with OAuth: this server's URL as clients reach it,
                                          the tokens' audience (default http://HOST:PORT/mcp;
                                          required when HOST is not loopback)
              ANCHOR_MCP_ALLOWED_ORIGINS  Origins a browser may send, comma-separated
                                          (default: http(s) on localhost, 127.0.0.1, [::1])
              ANCHOR_MCP_MAX_IN_FLIGHT    requests served at once, 1-64 (default 64); more
                                          get 503 with Retry-After: 1
              ANCHOR_MCP_DRAIN_SECONDS    on SIGTERM, how long calls in flight may finish
                                          (default 10); then exit 0

            Logs go to stderr (over HTTP one access line per request: method, tool, status,
            time, and with OAuth the caller's sub and client_id); on stdio, stdout carries
            only the protocol.
            """;
}
