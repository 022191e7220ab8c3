package io.github.anchorbatchmcp.transport.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** DNS-rebinding protection: which Origin and Host headers a request may carry, decided from the text alone. */
final class Hosts {

    private Hosts() {
    }

    /** localhost, [::1] (or ::1), or any 127.0.0.0/8 address written as four decimal numbers. */
    static boolean isLoopbackName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("localhost") || n.equals("[::1]") || n.equals("::1") || isLoopbackIpv4(n);
    }

    private static boolean isLoopbackIpv4(String n) {
        if (!n.matches("127(\\.[0-9]{1,3}){3}")) {
            return false;
        }
        for (String part : n.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** A Host header (name, optional port) naming this machine's loopback. */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && isLoopbackName(h.substring(0, end + 1)) && portOnly(h.substring(end + 1));
        }
        int colon = h.indexOf(':');
        return colon < 0 ? isLoopbackName(h) : isLoopbackName(h.substring(0, colon)) && portOnly(h.substring(colon));
    }

    private static boolean portOnly(String rest) {
        return rest.isEmpty() || rest.matches(":[0-9]{1,5}");
    }

    /** Listed exactly, or (with no list) http(s) on a loopback name, any port. */
    static boolean originAllowed(String origin, List<String> allowed) {
        if (!allowed.isEmpty()) {
            return allowed.contains(origin);
        }
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && isLoopbackName(u.getHost())
                    && u.getRawPath().isEmpty() && u.getRawUserInfo() == null && u.getRawQuery() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
