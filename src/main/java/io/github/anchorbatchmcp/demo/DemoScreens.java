package io.github.anchorbatchmcp.demo;

import io.github.anchorbatchmcp.picture.PixelFont;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws what a simulated browser shows: a 1440×900 PNG of a browser window on its page, its colour
 * and large item number telling sessions apart at a glance, its tab and address bar naming the page.
 * Only flat rectangles and {@link PixelFont} text: no AWT fonts, so a JDK without any draws it too,
 * and flat areas of a few colours compress fast. An encoded screen is kept per session and URL, since nothing else
 * changes what it shows.
 */
final class DemoScreens {

    static {
        // No display is needed, nor wanted: AWT reads this once, when it first loads.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 1440;
    static final int HEIGHT = 900;
    /** Screens kept, the least recently asked for dropped first: each is a few kilobytes. */
    private static final int KEPT = 256;
    private static final int CHROME = 0xdee1e6;
    private static final int WHITE = 0xffffff;
    private static final int INK = 0x202124;

    private final Map<String, byte[]> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEPT;
        }
    };

    /** The PNG of this session's browser on {@code url}. */
    byte[] png(DemoLedger.ReadySession session, String url) {
        String key = session.sessionId() + " " + url;
        synchronized (kept) {
            byte[] png = kept.get(key);
            if (png != null) {
                return png;
            }
        }
        // Drawn outside the lock, so that screens of different sessions are drawn at the same time; two
        // requests for the same new screen may both draw it, to the same bytes.
        byte[] png = encode(draw(session, url, DemoPages.title(url)));
        synchronized (kept) {
            kept.put(key, png);
        }
        return png;
    }

    static BufferedImage draw(DemoLedger.ReadySession session, String url, String title) {
        int page = pageColour(session.sessionId());
        // Darker blocks stand for the page's own content.
        int shade = new Color(page).darker().getRGB() & 0xffffff;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_INDEXED,
                palette(page, shade, CHROME, WHITE, INK));
        Graphics2D g = image.createGraphics();
        try {
            fill(g, 0, 0, WIDTH, HEIGHT, page);
            fill(g, 0, 0, WIDTH, 120, CHROME);
            fill(g, 16, 12, 480, 46, WHITE);
            fill(g, 16, 68, WIDTH - 32, 44, WHITE);
            fill(g, 900, 180, 460, 300, shade);
            fill(g, 900, 510, 460, 40, shade);
            fill(g, 900, 570, 300, 40, shade);
        } finally {
            g.dispose();
        }
        PixelFont.draw(image, 28, 22, clip(title, 38), INK, 2);
        PixelFont.draw(image, 30, 77, clip(url, (WIDTH - 64) / (PixelFont.WIDTH * 2)), INK, 2);
        PixelFont.draw(image, 80, 170, "#" + session.index(), INK, 20);
        PixelFont.draw(image, 80, 480, clip(title, 26), INK, 4);
        PixelFont.draw(image, 80, 560, clip(url, 44), INK, 3);
        PixelFont.draw(image, 80, 740, "session " + session.sessionId(), INK, 2);
        PixelFont.draw(image, 80, 780, "batch   " + session.batchId() + "   item " + session.index(), INK, 2);
        PixelFont.draw(image, 80, 840, "Anchor batch demo: a simulated browser", INK, 2);
        return image;
    }

    /** A light colour of its own for each session: a hue from its id, well mixed. */
    static int pageColour(String sessionId) {
        int h = sessionId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Color.HSBtoRGB((h >>> 8) / (float) (1 << 24), 0.35f, 0.95f) & 0xffffff;
    }

    /**
     * The image's only colours: one byte a pixel instead of three, which the PNG encoder filters and
     * compresses several times faster, to a few kilobytes.
     */
    private static IndexColorModel palette(int... rgbs) {
        byte[] r = new byte[rgbs.length];
        byte[] g = new byte[rgbs.length];
        byte[] b = new byte[rgbs.length];
        for (int i = 0; i < rgbs.length; i++) {
            r[i] = (byte) (rgbs[i] >> 16);
            g[i] = (byte) (rgbs[i] >> 8);
            b[i] = (byte) rgbs[i];
        }
        return new IndexColorModel(8, rgbs.length, r, g, b);
    }

    private static void fill(Graphics2D g, int x, int y, int width, int height, int rgb) {
        g.setColor(new Color(rgb));
        g.fillRect(x, y, width, height);
    }

    /** At most {@code chars} characters, cut with "..." where it had more. */
    private static String clip(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars - 3) + "...";
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }
}
