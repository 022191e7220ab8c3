package io.github.anchorbatchmcp.transport.auth;

import java.util.Set;

/**
 * Who a request comes from, as its access token says: what the access log names, and the scopes
 * the request is allowed. Never the token itself.
 *
 * @param clientId null when the token names none
 */
public record Caller(String subject, String clientId, Set<String> scopes) {

    public boolean may(String scope) {
        return scopes.contains(scope);
    }

    /** " sub=alice client=claude" for the access log: printable, short, never a token. */
    public String logged() {
        return " sub=" + printable(subject) + (clientId == null ? "" : " client=" + printable(clientId));
    }

    private static String printable(String s) {
        if (s == null) {
            return "-";
        }
        String p = s.replaceAll("[^\\x21-\\x7e]", "?");
        return p.length() > 64 ? p.substring(0, 63) + "~" : p;
    }
}
