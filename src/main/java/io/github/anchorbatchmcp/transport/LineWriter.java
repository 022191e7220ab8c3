package io.github.anchorbatchmcp.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stdout: one JSON-RPC message, one line, written whole before any other, from any thread. */
final class LineWriter {

    private static final Logger log = LoggerFactory.getLogger(LineWriter.class);

    private final OutputStream out;
    private boolean broken;

    LineWriter(OutputStream out) {
        this.out = out;
    }

    void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (broken) {
                return;
            }
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                broken = true; // the client is gone; stdin will end too
                log.warn("stdout failed: {}", e.toString());
            }
        }
    }
}
