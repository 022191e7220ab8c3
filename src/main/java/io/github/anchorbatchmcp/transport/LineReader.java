package io.github.anchorbatchmcp.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits stdin into lines without ever holding more than {@code maxBytes} of one: a longer line is
 * skipped to its end and reported by size, with its first bytes kept so that its id may be read.
 * Bytes that are not UTF-8 decode to U+FFFD instead of failing.
 */
final class LineReader {

    sealed interface Line {
    }

    record Text(String text) implements Line {
    }

    record TooLong(long bytes, String head) implements Line {
    }

    private static final int HEAD = 4096;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line without its terminator ({@code \n}, or {@code \r\n}), or null at end of input. */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long skipped = 0;
        String head = null;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (head != null) {
                        return new TooLong(skipped, head);
                    }
                    return line.size() == 0 ? null : text(line);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            boolean ended = position < limit;
            if (ended) {
                position++; // the newline
            }
            if (head != null) {
                skipped += length;
            } else if (line.size() + length > maxBytes) {
                line.write(buffer, start, length);
                byte[] bytes = line.toByteArray();
                head = new String(bytes, 0, Math.min(bytes.length, HEAD), StandardCharsets.UTF_8);
                skipped = bytes.length;
                line = new ByteArrayOutputStream();
            } else {
                line.write(buffer, start, length);
            }
            if (ended) {
                return head != null ? new TooLong(skipped, head) : text(line);
            }
        }
    }

    private static Text text(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return new Text(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
    }
}
