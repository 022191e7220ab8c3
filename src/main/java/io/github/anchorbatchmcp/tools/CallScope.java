package io.github.anchorbatchmcp.tools;

import java.util.function.Supplier;

/**
 * Where a transport runs a tool call: an HTTP transport watches the client's connection meanwhile
 * and interrupts the call when it goes away. It reaches {@link ToolCatalog} in the request's
 * transport context under {@link ToolCatalog#CALL_SCOPE}; without one a call runs as it is.
 */
@FunctionalInterface
public interface CallScope {

    CallScope DIRECT = Supplier::get;

    ToolResult run(Supplier<ToolResult> call);
}
