package io.github.anchorbatchmcp;

import java.io.IOException;

/**
 * The two protocol eras as raw lines for {@link ServerProcess}: how a connection opens, and how a
 * request is written (with the 2026-07-28 envelope, or as in 2025 after initialize). Ids are JSON.
 */
enum Era {
    INITIALIZE, MODERN;

    /** Opens the connection: initialize and its notification, or nothing (2026-07-28 is stateless). */
    void open(ServerProcess server) throws IOException, InterruptedException {
        if (this == INITIALIZE) {
            server.initialize();
        }
    }

    String toolsList(Object id) {
        return this == MODERN ? ModernLines.toolsList(id)
                : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
    }

    /** {@code tools/call} of {@code tool} with {@code arguments} (a JSON object). */
    String toolCall(Object id, String tool, String arguments) {
        return this == MODERN ? ModernLines.toolCall(id, tool, arguments)
                : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":" + arguments + "}}";
    }

    /** The same call, asking for progress: {@code progressToken} (as JSON) in {@code params._meta}. */
    String toolCallWithProgress(Object id, String tool, String arguments, String progressToken) {
        return this == MODERN ? ModernLines.toolCallWithProgress(id, tool, arguments, progressToken)
                : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":" + arguments + ",\"_meta\":{\"progressToken\":" + progressToken + "}}}";
    }
}
