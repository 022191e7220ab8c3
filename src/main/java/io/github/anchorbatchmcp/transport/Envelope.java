package io.github.anchorbatchmcp.transport;

import io.modelcontextprotocol.modern.McpSchema.MetaKeys;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a message's {@code params._meta} says of its era. A 2026-07-28 request names its protocol
 * version there (the claim); a message without one belongs to the initialize era.
 */
enum Envelope {
    /** No claim: an initialize-era message. */
    NONE,
    /** A claim the modern server will answer with an error (-32602 or -32022): it opens no era. */
    INVALID,
    /** A supported version with the required client capabilities. */
    VALID;

    static Envelope of(JsonNode params, List<String> supportedVersions) {
        JsonNode meta = params == null ? null : params.get("_meta");
        if (meta == null || !meta.isObject() || !meta.has(MetaKeys.PROTOCOL_VERSION)) {
            return NONE;
        }
        JsonNode version = meta.get(MetaKeys.PROTOCOL_VERSION);
        JsonNode capabilities = meta.get(MetaKeys.CLIENT_CAPABILITIES);
        return version.isString() && supportedVersions.contains(version.asString())
                && capabilities != null && capabilities.isObject() ? VALID : INVALID;
    }
}
