package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * When an attempt may be sent again, and how a request that creates or changes something is kept
 * from being sent twice: by us, and by OkHttp.
 *
 * <p>A read (GET) may be repeated after anything that may pass: 408, 429, 5xx, time-outs, broken
 * connections. A change (POST, PATCH) costs money or cannot be undone, so it is sent again only when
 * the failure proves the API never got it: the connection was refused or the host unknown before the
 * request went out, or the API refused it with 429 and said when to come back. After a time-out, a
 * reset, a 5xx or a 408 nobody knows whether it was carried out, and the caller is told so instead.
 */
final class Resend {

    private static final MediaType JSON = MediaType.get("application/json");

    private Resend() {
    }

    /** Whether the request of {@code last} may be sent again, if the retry budget allows. */
    static boolean mayRepeat(boolean changes, Exchange.Result last, Duration retryAfter) {
        if (last instanceof Exchange.Answered a) {
            if (changes) {
                return a.code() == 429 && retryAfter != null;
            }
            return a.body() != null && (a.code() == 429 || a.code() == 408 || a.code() >= 500);
        }
        Exchange.Broke broke = (Exchange.Broke) last;
        return !changes || neverSent(broke);
    }

    /**
     * Proof that nothing reached the API: the request never went out on a connection, and the
     * failure is one that happens before any connection exists. A connect time-out or a TLS failure
     * also happens before, but is not retried: it will not clear in a second.
     */
    static boolean neverSent(Exchange.Broke broke) {
        return !broke.mayHaveBeenSent()
                && (broke.error() instanceof ConnectException || broke.error() instanceof UnknownHostException);
    }

    /**
     * The client for changes, derived from the shared one (same dispatcher, timeouts and TLS), whatever
     * that one was configured with:
     * <ul>
     * <li>OkHttp's own recovery off, and redirects not followed;
     * <li>a pool of its own that keeps no idle connection, so a change always goes out on a new
     *     connection: a pooled one may have been closed by the server while idle, and a request written
     *     to it fails with "unexpected end of stream", which cannot tell whether the API got it;
     * <li>a network interceptor that marks the attempt as sent the moment it is handed to a connection,
     *     and fails the call rather than let it go out a second time.
     * </ul>
     */
    static OkHttpClient clientForChanges(OkHttpClient shared) {
        return shared.newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .addNetworkInterceptor(Resend::markSent)
                .build();
    }

    /** A fresh mark for one attempt of a change: each of our attempts may go out once. */
    static Request marked(Request request) {
        return request.newBuilder().tag(Mark.class, new Mark()).build();
    }

    private static okhttp3.Response markSent(Interceptor.Chain chain) throws IOException {
        Mark mark = chain.request().tag(Mark.class);
        if (mark != null && !mark.markSent()) {
            throw new IOException("not sending a request that changes something a second time");
        }
        return chain.proceed(chain.request());
    }

    /** Set once the attempt was handed to a connection: from then on the API may have it. */
    static final class Mark {
        private boolean sent;

        synchronized boolean sent() {
            return sent;
        }

        /** @return false when it was already sent */
        private synchronized boolean markSent() {
            boolean first = !sent;
            sent = true;
            return first;
        }
    }

    /**
     * A JSON body that OkHttp may write only once. Without this OkHttp re-sends a request by itself
     * after a 503 with {@code Retry-After: 0}, even with {@code retryOnConnectionFailure(false)}; a
     * one-shot body also stops its 408 and 421 follow-ups and its recovery from broken connections.
     */
    static RequestBody oneShotJson(byte[] json) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON;
            }

            @Override
            public long contentLength() {
                return json.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(json);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }
}
