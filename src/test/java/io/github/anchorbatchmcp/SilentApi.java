package io.github.anchorbatchmcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * An API that takes one connection, reads the request and never answers: a call to it stays in
 * flight until the server gives up on it, and {@link #hungUp} tells when the server closed it.
 */
final class SilentApi implements AutoCloseable {

    private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    /** Completes when the server has connected. */
    final CompletableFuture<Void> accepted = new CompletableFuture<>();
    /** Completes when the server has closed its connection. */
    final CompletableFuture<Void> hungUp = new CompletableFuture<>();

    SilentApi() throws IOException {
        Thread thread = new Thread(() -> {
            try (Socket connection = socket.accept()) {
                accepted.complete(null);
                while (connection.getInputStream().read() != -1) {
                    // read the request, never answer
                }
                hungUp.complete(null);
            } catch (IOException e) {
                accepted.completeExceptionally(e);
                hungUp.completeExceptionally(e);
            }
        }, "silent-api");
        thread.setDaemon(true);
        thread.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
