package io.github.anchorbatchmcp.picture;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A fixed 6×13 bitmap font (X11's public-domain Misc-Fixed, Latin-1), drawn pixel by pixel. Labels
 * come out the same on every machine, and a JDK without fonts or fontconfig draws them too: AWT's
 * own text needs both. Characters it lacks are drawn as {@code ?}.
 */
public final class PixelFont {

    public static final int WIDTH = 6;
    public static final int HEIGHT = 13;

    private static final String RESOURCE = "/picture/fixed-6x13.txt";
    /** Rows of each glyph by code point; null where the font has none. */
    private static final byte[][] GLYPHS = load();

    private PixelFont() {
    }

    /** How many characters fit in {@code pixels}. */
    public static int fits(int pixels) {
        return Math.max(0, pixels / WIDTH);
    }

    /**
     * Draws {@code text} on one line from ({@code x}, {@code y}), its top-left corner, clipped to the
     * image; line breaks and other control characters are drawn as spaces.
     */
    public static void draw(BufferedImage image, int x, int y, String text, int rgb) {
        draw(image, x, y, text, rgb, 1);
    }

    /** The same, each font pixel drawn as a {@code scale}×{@code scale} square (characters {@code 6·scale} wide). */
    public static void draw(BufferedImage image, int x, int y, String text, int rgb, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be 1 or more");
        }
        for (int i = 0; i < text.length(); i++) {
            byte[] rows = glyph(text.charAt(i));
            int left = x + i * WIDTH * scale;
            if (left >= image.getWidth()) {
                return;
            }
            for (int row = 0; row < HEIGHT; row++) {
                for (int col = 0; col < WIDTH; col++) {
                    if ((rows[row] & (0x80 >> col)) != 0) {
                        fill(image, left + col * scale, y + row * scale, scale, rgb);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage image, int x, int y, int size, int rgb) {
        for (int py = Math.max(0, y); py < Math.min(image.getHeight(), y + size); py++) {
            for (int px = Math.max(0, x); px < Math.min(image.getWidth(), x + size); px++) {
                image.setRGB(px, py, rgb);
            }
        }
    }

    private static byte[] glyph(char c) {
        if (c < ' ' || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return GLYPHS[' '];
        }
        byte[] rows = c < GLYPHS.length ? GLYPHS[c] : null;
        return rows != null ? rows : GLYPHS['?'];
    }

    private static byte[][] load() {
        byte[][] glyphs = new byte[256][];
        try (InputStream in = PixelFont.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ");
                byte[] rows = new byte[HEIGHT];
                for (int r = 0; r < HEIGHT; r++) {
                    rows[r] = (byte) Integer.parseInt(parts[1].substring(2 * r, 2 * r + 2), 16);
                }
                glyphs[Integer.parseInt(parts[0])] = rows;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return glyphs;
    }
}
