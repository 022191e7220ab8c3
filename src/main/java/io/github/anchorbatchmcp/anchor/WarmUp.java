package io.github.anchorbatchmcp.anchor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * One exchange through the HTTP stack with a loopback socket of its own, so that the first real call
 * finds OkHttp's code ready (its first use takes over 100 ms). Nothing leaves the machine.
 */
final class WarmUp {

    private WarmUp() {
    }

    /** The answer to a request for {@code path} on a loopback socket that answers {@code body}. */
    static Exchange.Result run(OkHttpClient http, String path, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> answerOnce(socket, body), "warm-up-http");
            responder.setDaemon(true);
            responder.start();
            Request request = new Request.Builder().url("http://127.0.0.1:" + socket.getLocalPort() + path).build();
            return Exchange.run(http, request, timeout);
        }
    }

    private static void answerOnce(ServerSocket socket, byte[] body) {
        try (Socket connection = socket.accept()) {
            InputStream in = connection.getInputStream();
            for (int matched = 0, b; matched < 4 && (b = in.read()) != -1; ) { // up to the blank line
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the warm-up call reports it
        }
    }
}
