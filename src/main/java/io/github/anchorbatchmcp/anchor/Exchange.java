package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One HTTP attempt, as plain data: the answer (status, capped body, the headers the client reads) or
 * the failure. What the answer means is decided elsewhere, per operation.
 */
final class Exchange {

    /** Larger bodies are refused while reading, never held whole: a 5,000-session batch is about 2 MB. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);

    private Exchange() {
    }

    sealed interface Result permits Answered, Broke {
    }

    /**
     * @param body null when it is larger than {@link #MAX_BODY_BYTES}; for a request tagged with a
     *     {@link Prefix}, at most that many bytes
     * @param cut true when a {@link Prefix} left the rest of the body unread
     */
    record Answered(int code, byte[] body, String contentType, String retryAfter, boolean cut) implements Result {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    /**
     * @param mayHaveBeenSent false only when the request provably never went out on a connection
     *     (see {@link Resend}); always true for reads, which do not track it
     */
    record Broke(IOException error, boolean mayHaveBeenSent) implements Result {
    }

    /**
     * Tags a request whose body is text worth its beginning (a web page): only the first {@code bytes}
     * are read, and the answer says whether there was more.
     */
    record Prefix(long bytes) {
    }

    /** The last attempt of a call, how many were made, and the wait the API asked for, if it did. */
    record Ending(Result last, int attempts, Duration retryAfter) {
    }

    /**
     * Runs one request. It runs on OkHttp's threads while this one waits, so that an interrupt (the
     * client cancelled the tool call) cancels the HTTP call at once, even mid-body.
     *
     * @throws InterruptedException when the calling thread is interrupted (the request is abandoned)
     */
    static Result run(OkHttpClient http, Request request, Duration timeout) throws InterruptedException {
        Call call = http.newCall(request);
        CompletableFuture<Result> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    Prefix prefix = request.tag(Prefix.class);
                    byte[] body = prefix == null ? readCapped(response.body())
                            : readPrefix(response.body().source(), prefix.bytes());
                    boolean cut = prefix != null && !response.body().source().exhausted();
                    result.complete(new Answered(response.code(), body, response.header("Content-Type"),
                            response.header("Retry-After"), cut));
                } catch (IOException e) {
                    result.complete(broke(request, e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Call c, IOException e) {
                result.complete(broke(request, e));
            }
        });
        try {
            // The call timeout ends the call first; this only guards against a call that never ends.
            return result.get(timeout.toMillis() + SAFETY_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        } catch (TimeoutException e) {
            call.cancel();
            // Whatever the mark says now, the abandoned call may still have been writing.
            return new Broke(new InterruptedIOException("timeout"), true);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static Broke broke(Request request, IOException e) {
        Resend.Mark mark = request.tag(Resend.Mark.class);
        return new Broke(e, mark == null || mark.sent());
    }

    /** At most {@code max} bytes of the body, without reading further. */
    private static byte[] readPrefix(BufferedSource source, long max) throws IOException {
        Buffer buffer = new Buffer();
        while (buffer.size() < max && source.read(buffer, Math.min(64 * 1024, max - buffer.size())) != -1) {
            // reading
        }
        return buffer.readByteArray();
    }

    /** The whole body, or null when it is over {@link #MAX_BODY_BYTES}; stops reading as soon as it is. */
    private static byte[] readCapped(ResponseBody body) throws IOException {
        if (body.contentLength() > MAX_BODY_BYTES) {
            return null;
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 64 * 1024) != -1) {
            if (buffer.size() > MAX_BODY_BYTES) {
                buffer.clear();
                return null;
            }
        }
        return buffer.readByteArray();
    }
}
