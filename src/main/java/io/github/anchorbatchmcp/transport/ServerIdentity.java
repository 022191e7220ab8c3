package io.github.anchorbatchmcp.transport;

/** The name and version this server gives in both eras. */
public record ServerIdentity(String name, String version) {
}
