package io.github.anchorbatchmcp.tools;

import io.github.anchorbatchmcp.anchor.AnchorClient;
import io.modelcontextprotocol.common.McpTransportContext;

/**
 * Which Anchor client serves a request: the server's own, or, when the request's transport context
 * carries a caller's own key ({@link ToolCatalog#CALLER_KEY}), a client with that key for this request
 * only. Tools and resources alike.
 */
public final class CallerClient {

    private CallerClient() {
    }

    /**
     * @param server the server's own client; null where the server takes no caller's key
     * @throws IllegalArgumentException with a message that never holds the key, when the request
     *     brings a key that cannot be used
     */
    public static AnchorClient of(AnchorClient server, McpTransportContext context) {
        Object key = context == null ? null : context.get(ToolCatalog.CALLER_KEY);
        if (!(key instanceof String callerKey)) {
            return server;
        }
        if (server == null) {
            throw new IllegalArgumentException("This server does not take a caller's own API key.");
        }
        try {
            return server.withApiKey(callerKey);
        } catch (IllegalArgumentException bad) { // its message never holds the key
            throw new IllegalArgumentException("The anchor-api-key header cannot be used: " + bad.getMessage()
                    + ". Send the key again without spaces or line breaks.");
        }
    }
}
