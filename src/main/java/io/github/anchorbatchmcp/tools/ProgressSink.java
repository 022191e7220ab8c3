package io.github.anchorbatchmcp.tools;

/** Where a tool's progress goes: to the client, for a request that carried a progress token. */
@FunctionalInterface
public interface ProgressSink {
    void send(double progress, Integer total, String message);
}
