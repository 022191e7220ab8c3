package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import tools.jackson.databind.JsonNode;

/** Checks a contact sheet as a client receives it: the image block's bytes against what the result says of them. */
final class Sheets {

    /** What the issue bounds: the long edge a model takes in unscaled, and the encoded size. */
    static final int MAX_EDGE = 1568;
    static final int MAX_BYTES = 1_000_000;
    static final int MAX_PIXELS = 1_150_000;

    private Sheets() {
    }

    /** The image block of a raw result (its {@code content} holds one), as the decoded picture. */
    static BufferedImage imageOf(JsonNode result) throws IOException {
        List<JsonNode> images = new ArrayList<>();
        result.path("content").forEach(c -> {
            if ("image".equals(c.path("type").asString(null))) {
                images.add(c);
            }
        });
        assertEquals(1, images.size(), "one image block: " + result.path("content").size() + " blocks");
        assertEquals("text", result.path("content").path(0).path("type").asString(), "the text comes first");
        return decode(images.get(0).path("data").asString(), images.get(0).path("mimeType").asString());
    }

    /**
     * Decodes {@code base64} and asserts the bounds, and that the bytes are the format {@code mimeType}
     * names (by their content, not by a file name).
     */
    static BufferedImage decode(String base64, String mimeType) throws IOException {
        byte[] bytes = Base64.getDecoder().decode(base64);
        assertTrue(bytes.length <= MAX_BYTES, bytes.length + " bytes");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertTrue(readers.hasNext(), "the bytes are an image ImageIO reads");
            ImageReader reader = readers.next();
            List<String> types = Arrays.asList(reader.getOriginatingProvider().getMIMETypes());
            assertTrue(types.contains(mimeType), "mimeType " + mimeType + " but the bytes are " + types);
            reader.setInput(in);
            BufferedImage image = reader.read(0);
            reader.dispose();
            assertNotNull(image);
            assertTrue(Math.max(image.getWidth(), image.getHeight()) <= MAX_EDGE,
                    image.getWidth() + "x" + image.getHeight());
            assertTrue((long) image.getWidth() * image.getHeight() <= MAX_PIXELS,
                    image.getWidth() + "x" + image.getHeight());
            return image;
        }
    }

    /**
     * Asserts that {@code sheet} ({@code structuredContent.contact_sheet}) describes {@code image}: its
     * size, one tile per item of {@code items} in that order, each inside the image and apart from the
     * others, and showing the screenshot of its own item (its centre has {@code colourOf(item)}; null:
     * not checked).
     */
    static void assertTiles(JsonNode sheet, BufferedImage image, List<Integer> items, IntFunction<Color> colourOf) {
        assertEquals(image.getWidth(), sheet.path("width").asInt(), sheet::toString);
        assertEquals(image.getHeight(), sheet.path("height").asInt(), sheet::toString);
        JsonNode tiles = sheet.path("tiles");
        List<Integer> seen = new ArrayList<>();
        tiles.forEach(t -> seen.add(t.path("item_index").asInt()));
        assertEquals(items, seen, "one tile per screenshot, in order: " + sheet);
        for (int i = 0; i < tiles.size(); i++) {
            JsonNode t = tiles.get(i);
            int x = t.path("x").asInt();
            int y = t.path("y").asInt();
            int w = t.path("w").asInt();
            int h = t.path("h").asInt();
            assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= image.getWidth() && y + h <= image.getHeight(),
                    "tile inside the image: " + t);
            for (int j = 0; j < i; j++) {
                JsonNode o = tiles.get(j);
                boolean apart = x + w <= o.path("x").asInt() || o.path("x").asInt() + o.path("w").asInt() <= x
                        || y + h <= o.path("y").asInt() || o.path("y").asInt() + o.path("h").asInt() <= y;
                assertTrue(apart, "tiles do not overlap: " + t + " and " + o);
            }
            if (colourOf == null) {
                continue;
            }
            Color expected = colourOf.apply(items.get(i));
            Color centre = new Color(image.getRGB(x + w / 2, y + h / 2));
            assertTrue(close(expected, centre), "tile of item " + items.get(i) + " shows " + centre + ", not its own "
                    + expected);
        }
    }

    /** The same colour, give or take what JPEG does to a flat area. */
    private static boolean close(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 40 && Math.abs(a.getGreen() - b.getGreen()) < 40
                && Math.abs(a.getBlue() - b.getBlue()) < 40;
    }
}
