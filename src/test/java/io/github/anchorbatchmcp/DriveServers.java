package io.github.anchorbatchmcp;

/**
 * A scripted API and one server process per era on it, shared by the test classes that drive the
 * tools with the same settings ({@link DriveTaskIT}, {@link DriveFaultsIT}), so that a run starts
 * those processes once: a 1-second time-out per attempt, one retry, and the debug log. Each test
 * resets the API; the processes end with the test run.
 */
final class DriveServers {

    static final String KEY = "sk-drive-shared-canary-0b6a2f";

    private static DriveServers shared;

    final ScriptedAnchor api;
    final EraServers servers;

    private DriveServers(ScriptedAnchor api, EraServers servers) {
        this.api = api;
        this.servers = servers;
    }

    static synchronized DriveServers get() throws java.io.IOException {
        if (shared == null) {
            ScriptedAnchor api = new ScriptedAnchor(KEY);
            EraServers servers = new EraServers(api.env("ANCHOR_TIMEOUT_SECONDS", "1", "ANCHOR_MAX_RETRIES", "1",
                    "ANCHOR_LOG_LEVEL", "debug"));
            shared = new DriveServers(api, servers);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                servers.close();
                api.close();
            }, "drive-servers-stop"));
        }
        return shared;
    }
}
