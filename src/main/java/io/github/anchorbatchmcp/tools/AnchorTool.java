package io.github.anchorbatchmcp.tools;

import java.util.Map;

/**
 * One tool, written once: its name (its descriptor is {@code tool-schemas/NAME.json}) and its handler.
 * Nothing here knows a protocol era or a transport; {@link ToolCatalog} serves it to both eras.
 */
public interface AnchorTool {

    String name();

    /**
     * Every outcome, bad input and API failures included, is a result; nothing is thrown. An
     * interrupted call (the client cancelled it) returns with the thread's interrupt flag set.
     *
     * @param progress null when the client asked for no progress
     */
    ToolResult call(Map<String, Object> arguments, ProgressSink progress);

    /**
     * Whether this call, with these arguments, only looks, though the tool may also change things (a
     * browse that opens no page); a tool whose descriptor says read-only always does.
     */
    default boolean onlyLooks(Map<String, Object> arguments) {
        return false;
    }
}
