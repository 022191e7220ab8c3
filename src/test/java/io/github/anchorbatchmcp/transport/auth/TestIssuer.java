package io.github.anchorbatchmcp.transport.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * An authorization server of the test's own, on loopback, for what a real one will not do on request:
 * it publishes RSA and EC keys made here (and new ones at any time, for a rotation), signs any token
 * with any of them or with none, and can be absent (not yet started, or stopped) on a port the server
 * under test already knows. It serves RFC 8414 metadata (at the well-known path inserted before the
 * issuer's path), OpenID Connect discovery (appended to it), or the appended RFC 8414 form, as told,
 * and the key set at {@code {issuer}/jwks}; it counts what it was asked for.
 */
public final class TestIssuer implements AutoCloseable {

    /** Where the metadata document is served. */
    public enum Discovery { RFC8414, OPENID, RFC8414_APPENDED }

    public static final String PATH = "/realms/it";

    /** The keys published from the start: RSA 2048 (RS and PS), EC P-256, P-384 and P-521. */
    public final RSAKey rsa;
    public final ECKey p256;
    public final ECKey p384;
    public final ECKey p521;

    private final int port;
    private final String path;
    private final Set<Discovery> served;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger metadataFetches = new AtomicInteger();
    private final AtomicInteger keyIds = new AtomicInteger();
    private final Map<Discovery, String> metadataIssuer = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean withoutJwksUri;
    private volatile boolean jwksFails;
    private HttpServer http; // null while stopped

    private TestIssuer(int port, String path, Set<Discovery> served) throws JOSEException {
        this.port = port;
        this.path = path;
        this.served = Set.copyOf(served);
        this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        this.p256 = new ECKeyGenerator(Curve.P_256).keyID("ec256-1").generate();
        this.p384 = new ECKeyGenerator(Curve.P_384).keyID("ec384-1").generate();
        this.p521 = new ECKeyGenerator(Curve.P_521).keyID("ec521-1").generate();
        published.addAll(List.of(rsa, p256, p384, p521));
    }

    /** On a free loopback port, at {@link #PATH}, serving RFC 8414 metadata; started. */
    public static TestIssuer start() throws IOException, JOSEException {
        return startOn(freePort(), PATH, EnumSet.of(Discovery.RFC8414));
    }

    /** Not yet started: {@link #issuer} names a port where nothing answers until {@link #startServing}. */
    public static TestIssuer notStarted() throws IOException, JOSEException {
        return new TestIssuer(freePort(), PATH, EnumSet.of(Discovery.RFC8414));
    }

    public static TestIssuer startOn(int port, String path, Set<Discovery> served) throws IOException, JOSEException {
        TestIssuer issuer = new TestIssuer(port, path, served);
        issuer.startServing();
        return issuer;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public synchronized void startServing() throws IOException {
        if (http != null) {
            return;
        }
        HttpServer h = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        h.createContext("/", this::answer);
        h.setExecutor(null);
        h.start();
        http = h;
    }

    /** Stops answering: connections to the port are refused from now on. */
    public synchronized void stopServing() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
    }

    @Override
    public void close() {
        stopServing();
    }

    public String issuer() {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public int metadataFetches() {
        return metadataFetches.get();
    }

    /** The {@code issuer} the metadata document at {@code where} says, instead of the real one. */
    public void metadataSaysIssuer(Discovery where, String issuer) {
        metadataIssuer.put(where, issuer);
    }

    /** The metadata documents leave out {@code jwks_uri} while set. */
    public void metadataWithoutJwksUri(boolean without) {
        this.withoutJwksUri = without;
    }

    /** The key set answers 500 while set. */
    public void failJwks(boolean fails) {
        this.jwksFails = fails;
    }

    /** Back to the keys and documents it started with (the counts go on). */
    public void reset() {
        publishOnly(rsa, p256, p384, p521);
        metadataIssuer.clear();
        withoutJwksUri = false;
        jwksFails = false;
    }

    /** A new RSA key, not published. */
    public RSAKey newRsaKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID("rsa-new-" + keyIds.incrementAndGet()).generate();
    }

    /** A new EC P-256 key, not published. */
    public ECKey newEcKey() throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID("ec-new-" + keyIds.incrementAndGet()).generate();
    }

    /** Adds a key to the published set (its public part is what the key set shows). */
    public void publish(JWK key) {
        published.add(key);
    }

    /** Publishes only these keys from now on (the others are withdrawn). */
    public void publishOnly(JWK... keys) {
        published.clear();
        published.addAll(List.of(keys));
    }

    /** A token of this issuer for {@code resource}: valid for 5 minutes, RS256, sub "alice", scope anchor:read. */
    public Token token(String resource) {
        return new Token(this, resource);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String p = exchange.getRequestURI().getRawPath();
            String origin = "http://127.0.0.1:" + port;
            Discovery where = p.equals("/.well-known/oauth-authorization-server" + path) ? Discovery.RFC8414
                    : p.equals(path + "/.well-known/openid-configuration") ? Discovery.OPENID
                    : p.equals(path + "/.well-known/oauth-authorization-server") ? Discovery.RFC8414_APPENDED : null;
            if (where != null && served.contains(where)) {
                metadataFetches.incrementAndGet();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("issuer", metadataIssuer.getOrDefault(where, issuer()));
                if (!withoutJwksUri) {
                    m.put("jwks_uri", origin + path + "/jwks");
                }
                m.put("token_endpoint", origin + path + "/token");
                m.put("response_types_supported", List.of("code"));
                send(exchange, 200, JsonMapper.shared().writeValueAsString(m));
            } else if (p.equals(path + "/jwks")) {
                jwksFetches.incrementAndGet();
                if (jwksFails) {
                    send(exchange, 500, "{\"error\":\"down\"}");
                } else {
                    send(exchange, 200, new JWKSet(new ArrayList<>(published)).toString(true));
                }
            } else {
                send(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A token being made: the claims and header to sign, each changeable. */
    public static final class Token {
        private final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        private JWK key;
        private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
        private String keyId; // null: the key's own
        private JOSEObjectType type = new JOSEObjectType("at+jwt");

        Token(TestIssuer issuer, String resource) {
            Instant now = Instant.now();
            key = issuer.rsa;
            claims.issuer(issuer.issuer()).audience(resource).subject("alice").claim("client_id", "it-client")
                    .claim("scope", OAuthSettings.READ).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                    .jwtID(UUID.randomUUID().toString());
        }

        public Token claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        /** The claim left out. */
        public Token without(String name) {
            claims.claim(name, null);
            return this;
        }

        public Token issuer(String iss) {
            claims.issuer(iss);
            return this;
        }

        public Token audience(String... aud) {
            claims.audience(List.of(aud));
            return this;
        }

        public Token subject(String sub) {
            claims.subject(sub);
            return this;
        }

        public Token scope(String scope) {
            claims.claim("scope", scope);
            return this;
        }

        /** exp this long from now (negative: in the past). */
        public Token expiresIn(Duration d) {
            claims.expirationTime(Date.from(Instant.now().plus(d)));
            return this;
        }

        /** nbf this long from now. */
        public Token notBefore(Duration d) {
            claims.notBeforeTime(Date.from(Instant.now().plus(d)));
            return this;
        }

        public Token signedWith(JWK k, JWSAlgorithm alg) {
            this.key = k;
            this.algorithm = alg;
            return this;
        }

        /** The header names this key id, whatever key signs. */
        public Token keyId(String kid) {
            this.keyId = kid;
            return this;
        }

        /** The header's typ; null for none. */
        public Token type(String typ) {
            this.type = typ == null ? null : new JOSEObjectType(typ);
            return this;
        }

        public JWTClaimsSet claims() {
            return claims.build();
        }

        public String sign() {
            JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(keyId != null ? keyId : key.getKeyID());
            if (type != null) {
                header.type(type);
            }
            try {
                JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
                SignedJWT jwt = new SignedJWT(header.build(), claims.build());
                jwt.sign(signer);
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** With {@code "alg":"none"} and no signature. */
        public String unsigned() {
            return new PlainJWT(claims.build()).serialize();
        }

        /** HS256 with this secret (at least 32 bytes), the header naming the RSA key's id. */
        public String hmac(byte[] secret) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId != null ? keyId
                        : key.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
                jwt.sign(new MACSigner(secret));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
