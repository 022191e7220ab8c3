package io.github.anchorbatchmcp.picture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.picture.ContactSheet.Entry;
import io.github.anchorbatchmcp.picture.ContactSheet.NotAnImage;
import io.github.anchorbatchmcp.picture.ContactSheet.Placed;
import io.github.anchorbatchmcp.picture.ContactSheet.Sheet;
import io.github.anchorbatchmcp.picture.ContactSheet.Thumbnail;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContactSheetTest {

    private static final int WIDTH = 1440;
    private static final int HEIGHT = 900;
    /** Screenshot PNGs by item, made once: encoding 1440×900 PNGs is the slow part of these tests. */
    private static final Map<Integer, byte[]> PNGS = new ConcurrentHashMap<>();
    private static final Map<Integer, byte[]> NOISE = new ConcurrentHashMap<>();

    private static byte[] screenshot(int item) {
        return PNGS.computeIfAbsent(item, i ->
                Screenshots.encode(Screenshots.plain(WIDTH, HEIGHT, Screenshots.colour(i), i), "png"));
    }

    private static byte[] noisy(int item) {
        return NOISE.computeIfAbsent(item % 4, i -> Screenshots.encode(Screenshots.noise(WIDTH, HEIGHT, 100 + i), "png"));
    }

    private static String label(int item) {
        return "#" + item + " Example Domain - https://example.com/page/" + item;
    }

    private static List<Entry> entries(ContactSheet layout, int count, boolean noise) throws NotAnImage {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(i, label(i), layout.thumbnail(noise ? noisy(i) : screenshot(i))));
        }
        return entries;
    }

    // ---- layout ----

    @Test
    void everyCountGetsAGridWithinBoundsAndBigEnough() {
        for (int n = 1; n <= ContactSheet.MAX_TILES; n++) {
            Grid grid = ContactSheet.forTiles(n).grid();
            assertTrue(grid.columns() * grid.rows() >= n, "cells for " + n);
            assertTrue(grid.columns() * (grid.rows() - 1) < n, "a whole empty row for " + n);
            assertTrue(grid.withinBounds(), "bounds for " + n + ": " + grid);
            assertEquals(grid.tileWidth() * 10 / 16, grid.tileHeight(), "16:10 for " + n);
            // Good use of the pixel budget: the pictures take at least half the sheet.
            long pictures = (long) n * grid.tileWidth() * grid.tileHeight();
            assertTrue(pictures * 2 >= (long) grid.width() * grid.height(), "waste for " + n + ": " + grid);
            if (n > 1) {
                assertTrue(grid.tileWidth() <= ContactSheet.forTiles(n - 1).tileWidth(), "more tiles, larger tiles at " + n);
            }
        }
    }

    @Test
    void oneTileIsLargeTenAndFiftyAreSensibleGrids() {
        ContactSheet one = ContactSheet.forTiles(1);
        assertEquals(1, one.grid().columns());
        assertTrue(one.tileWidth() >= 1200, "one tile is " + one.tileWidth() + " wide");

        // Each row costs a label strip, so the largest tiles come from grids a little taller than wide.
        Grid ten = ContactSheet.forTiles(10).grid();
        assertTrue(ten.columns() >= 2 && ten.columns() <= 4, ten.toString());
        assertTrue(ten.tileWidth() >= 360, ten.toString());

        Grid fifty = ContactSheet.forTiles(50).grid();
        assertTrue(fifty.columns() >= 5 && fifty.columns() <= 9, fifty.toString());
        assertTrue(fifty.tileWidth() >= 150, fifty.toString());
    }

    @Test
    void refusesCountsOutsideOneToHundred() {
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.forTiles(0));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.forTiles(101));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.forTiles(-1));
    }

    // ---- sheets ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 50})
    void sheetDecodesWithinBoundsWithTilesInOrderUnderLabels(int n) throws Exception {
        ContactSheet layout = ContactSheet.forTiles(n);
        Sheet sheet = layout.compose(entries(layout, n, false));

        BufferedImage decoded = decodeChecked(sheet);
        assertEquals(layout.grid().columns(), sheet.columns());
        assertEquals(n, sheet.tiles().size());
        assertPlacedSanely(sheet);
        for (int i = 0; i < n; i++) {
            Placed tile = sheet.tiles().get(i);
            assertEquals(i, tile.itemIndex());
            assertEquals(layout.tileWidth(), tile.w(), "a 16:10 screenshot fills its tile");
            assertEquals(layout.tileHeight(), tile.h());
            assertNearestColourIsItems(decoded, tile, n);
            assertLabelAbove(decoded, tile);
        }
    }

    @Test
    void fiftyNoisyScreenshotsStillFitInAMegabyte() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(50);
        Sheet sheet = layout.compose(entries(layout, 50, true));
        decodeChecked(sheet);
        assertPlacedSanely(sheet);
        assertEquals(50, sheet.tiles().size());
    }

    @Test
    void aTightByteLimitShrinksTheTilesAndKeepsTheRecordTrue() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(10);
        List<Entry> entries = entries(layout, 10, true);
        Sheet sheet = layout.compose(entries, 60_000);
        assertTrue(sheet.bytes().length <= 60_000, sheet.bytes().length + " bytes");
        BufferedImage decoded = decodeChecked(sheet);
        assertPlacedSanely(sheet);
        for (Placed tile : sheet.tiles()) {
            assertTrue(tile.w() < layout.tileWidth(), "tiles shrank: " + tile);
            assertLabelAbove(decoded, tile);
        }
    }

    @Test
    void fewerEntriesThanTilesGiveASmallerSheetAtTheSameTileSize() throws Exception {
        for (int[] tilesAndEntries : new int[][] {{10, 7}, {10, 1}, {50, 3}, {50, 49}, {2, 1}, {100, 37}}) {
            ContactSheet layout = ContactSheet.forTiles(tilesAndEntries[0]);
            List<Entry> entries = entries(layout, tilesAndEntries[1], false);
            Sheet sheet = layout.compose(entries);
            BufferedImage decoded = decodeChecked(sheet);
            assertPlacedSanely(sheet);
            assertTrue(sheet.width() <= layout.grid().width() && sheet.height() <= layout.grid().height(),
                    Arrays.toString(tilesAndEntries));
            assertTrue((long) sheet.width() * sheet.height() <= (long) layout.grid().width() * layout.grid().height(),
                    Arrays.toString(tilesAndEntries));
            for (Placed tile : sheet.tiles()) {
                assertEquals(layout.tileWidth(), tile.w());
                assertNearestColourIsItems(decoded, tile, entries.size());
            }
        }
    }

    @Test
    void itemIndexesAreTheCallersAndOrderIsKept() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(5);
        List<Entry> entries = List.of(
                new Entry(42, "#42", layout.thumbnail(screenshot(2))),
                new Entry(7, "#7", layout.thumbnail(screenshot(0))),
                new Entry(19, "#19", layout.thumbnail(screenshot(1))));
        Sheet sheet = layout.compose(entries);
        BufferedImage decoded = decodeChecked(sheet);
        assertEquals(List.of(42, 7, 19), sheet.tiles().stream().map(Placed::itemIndex).toList());
        int[] shown = {2, 0, 1};
        for (int i = 0; i < 3; i++) {
            assertNearestColour(decoded, sheet.tiles().get(i), shown[i], 3);
        }
    }

    @Test
    void composeRefusesNoEntriesAndTooMany() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(2);
        assertThrows(IllegalArgumentException.class, () -> layout.compose(List.of()));
        List<Entry> three = entries(layout, 3, false);
        assertThrows(IllegalArgumentException.class, () -> layout.compose(three));
        assertThrows(NullPointerException.class, () -> new Entry(0, "x", null));
    }

    @Test
    void aPortraitScreenshotIsFittedAndCentredOnTheNeutralBackground() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(4);
        byte[] portrait = Screenshots.encode(Screenshots.plain(1280, 2000, new Color(0xc03030), 9), "png");
        Thumbnail thumbnail = layout.thumbnail(portrait);
        assertEquals(layout.tileHeight(), thumbnail.image().getHeight());
        assertEquals(Math.round(1280.0 * layout.tileHeight() / 2000), thumbnail.image().getWidth());

        Sheet sheet = layout.compose(List.of(
                new Entry(0, label(0), layout.thumbnail(screenshot(0))),
                new Entry(1, "portrait", thumbnail)));
        BufferedImage decoded = decodeChecked(sheet);
        assertPlacedSanely(sheet);
        Placed tile = sheet.tiles().get(1);
        assertEquals(thumbnail.image().getWidth(), tile.w());
        assertEquals(layout.tileHeight(), tile.h());
        Grid full = layout.grid();
        Grid grid = Grid.forCount(2, layout.tileWidth(), full.width(), full.height());
        int cellX = grid.cellX(1);
        assertTrue(Math.abs((tile.x() - cellX) - (cellX + layout.tileWidth() - (tile.x() + tile.w()))) <= 1, "centred");
        assertColourNear(new Color(ContactSheet.LETTERBOX), average(decoded, cellX + 6, tile.y() + tile.h() / 2), 12);
        assertColourNear(new Color(0xc03030), average(decoded, tile.x() + tile.w() / 2, tile.y() + tile.h() / 2), 24);
        assertLabelAbove(decoded, new Placed(1, cellX, grid.cellY(1) + Grid.LABEL_HEIGHT, layout.tileWidth(), 1));
    }

    @Test
    void jpegRgbaAndGreyScreenshotsAreAccepted() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(3);
        Color colour = new Color(0x3070c0);
        BufferedImage opaque = Screenshots.plain(WIDTH, HEIGHT, colour, 1);
        BufferedImage rgba = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        rgba.getGraphics().drawImage(opaque, 0, 0, null);
        BufferedImage grey = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(opaque, 0, 0, null);

        for (byte[] bytes : List.of(Screenshots.encode(opaque, "jpeg"), Screenshots.encode(rgba, "png"),
                Screenshots.encode(grey, "png"))) {
            BufferedImage picture = layout.thumbnail(bytes).image();
            assertEquals(BufferedImage.TYPE_INT_RGB, picture.getType());
            assertEquals(layout.tileWidth(), picture.getWidth());
            assertEquals(layout.tileHeight(), picture.getHeight());
        }
        assertColourNear(colour, centre(layout.thumbnail(Screenshots.encode(opaque, "jpeg")).image()), 12);
        assertColourNear(colour, centre(layout.thumbnail(Screenshots.encode(rgba, "png")).image()), 2);
    }

    @Test
    void palette16BitTransparentAndInterlacedPngsAreAccepted() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(2);
        BufferedImage opaque = Screenshots.plain(WIDTH, HEIGHT, new Color(0xc08020), 2);

        // A palette PNG: its colours come from the PLTE chunk, which must be read even with metadata ignored.
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(8, 2,
                new byte[] {(byte) 0xc0, (byte) 0xff}, new byte[] {(byte) 0x80, (byte) 0xff}, new byte[] {0x20, (byte) 0xff});
        BufferedImage indexed = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 60; y++) { // index 0 (the colour) everywhere but a white band at the top
            for (int x = 0; x < WIDTH; x++) {
                indexed.getRaster().setSample(x, y, 0, 1);
            }
        }
        byte[] palettePng = Screenshots.encode(indexed, "png");
        assertEquals(3, palettePng[25], "a palette PNG");
        assertColourNear(new Color(0xc08020), centre(layout.thumbnail(palettePng).image()), 2);

        BufferedImage grey16 = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getGraphics().drawImage(opaque, 0, 0, null);
        BufferedImage picture = layout.thumbnail(Screenshots.encode(grey16, "png")).image();
        assertEquals(layout.tileWidth(), picture.getWidth());
        Color grey = centre(picture);
        assertTrue(grey.getRed() == grey.getGreen() && grey.getGreen() == grey.getBlue() && grey.getRed() > 60, grey.toString());

        // Fully transparent pixels show white, as a page behind them would.
        BufferedImage clear = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        assertColourNear(Color.WHITE, centre(layout.thumbnail(Screenshots.encode(clear, "png")).image()), 1);
        assertColourNear(Color.WHITE, centre(ContactSheet.forTiles(1).thumbnail(Screenshots.encode(clear, "png")).image()), 1);

        byte[] interlaced = Screenshots.interlacedPng(opaque);
        assertEquals(1, interlaced[28], "the PNG is interlaced");
        assertColourNear(new Color(0xc08020), centre(layout.thumbnail(interlaced).image()), 2);
    }

    @Test
    void smallImagesAreScaledUpToTheTileAndForeignThumbnailsRefitted() throws Exception {
        ContactSheet big = ContactSheet.forTiles(1);
        ContactSheet small = ContactSheet.forTiles(50);
        Thumbnail tiny = big.thumbnail(Screenshots.encode(Screenshots.plain(160, 100, new Color(0x20a040), 3), "png"));
        assertEquals(big.tileWidth(), tiny.image().getWidth());

        // A thumbnail made for another layout still lands inside its tile.
        Sheet sheet = big.compose(List.of(new Entry(0, "x", small.thumbnail(screenshot(0)))));
        assertPlacedSanely(sheet);
        assertEquals(big.tileWidth(), sheet.tiles().get(0).w());
        Sheet other = small.compose(List.of(new Entry(0, "x", tiny)));
        assertPlacedSanely(other);
        assertEquals(small.tileWidth(), other.tiles().get(0).w());
    }

    // ---- labels ----

    @Test
    void aLongLabelIsCutWithAMarkAndControlCharactersAreSpaces() {
        int pixels = 20 * PixelFont.WIDTH + 3;
        assertEquals("#3 Example Domain", Labels.fitted("#3 Example Domain", pixels));
        String cut = Labels.fitted("#3 Example Domain - https://example.com/", pixels);
        assertEquals("#3 Example Domain...", cut);
        assertEquals(20, cut.length());
        assertEquals("a b  c d", Labels.fitted("a\nb\r\tc\u0000d", pixels));
        assertEquals("x y", Labels.fitted("x\u202ey", pixels), "bidi override drawn as a space");
        assertEquals("caf\u00e9 - \"r\u00e9sum\u00e9\" ??", Labels.fitted("caf\u00e9 \u2013 \u201cr\u00e9sum\u00e9\u201d \u4e2d\uD83D\uDE00", pixels));
        assertEquals("L\u00f3dz", Labels.fitted("\u0141\u00f3d\u017a", pixels));
        assertEquals("Gdansk", Labels.fitted("Gda\u0144sk", pixels));
        assertEquals("..", Labels.fitted("long label", 2 * PixelFont.WIDTH));
        assertEquals("", Labels.fitted("anything", 5));
        assertEquals("", Labels.fitted(null, pixels));
        String huge = Labels.fitted("y".repeat(5_000_000), pixels);
        assertEquals("y".repeat(17) + "...", huge);
    }

    @Test
    void theLabelDrawnIsTheCutText() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(10);
        String label = "#0 \u0007Title with a bell\n and a line break - https://example.com/a/very/long/path?q=1";
        Sheet sheet = layout.compose(List.of(new Entry(0, label, layout.thumbnail(screenshot(0)))));
        BufferedImage decoded = decodeChecked(sheet);
        Placed tile = sheet.tiles().get(0);
        int textWidth = layout.tileWidth() - 2 * Grid.PAD;
        String expected = Labels.fitted(label, textWidth);
        assertTrue(expected.endsWith("...") && expected.startsWith("#0  Title with a bell  and"), expected);

        BufferedImage reference = new BufferedImage(textWidth, PixelFont.HEIGHT, BufferedImage.TYPE_INT_RGB);
        PixelFont.draw(reference, 0, 0, expected, 0xffffff);
        int x0 = tile.x() + Grid.PAD;
        int y0 = tile.y() - Grid.LABEL_HEIGHT + Grid.PAD;
        int lit = 0;
        int wrong = 0;
        for (int y = 0; y < PixelFont.HEIGHT; y++) {
            for (int x = 0; x < textWidth; x++) {
                boolean want = (reference.getRGB(x, y) & 0xff) > 0;
                boolean got = luma(decoded.getRGB(x0 + x, y0 + y)) > 128;
                lit += want ? 1 : 0;
                wrong += want != got ? 1 : 0;
            }
        }
        assertTrue(lit > 200, lit + " font pixels");
        assertTrue(wrong * 10 < lit, wrong + " of " + lit + " font pixels differ");
    }

    // ---- refusals ----

    @Test
    void refusesWhatIsNotAPngOrJpeg() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(4);
        byte[] png = screenshot(0);
        byte[] random = new byte[5000];
        new Random(7).nextBytes(random);
        random[0] = 0x13;
        byte[] jpegThenGarbage = Arrays.copyOf(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, 4000);
        new Random(8).nextBytes(jpegThenGarbage);
        jpegThenGarbage[0] = (byte) 0xff;
        jpegThenGarbage[1] = (byte) 0xd8;
        jpegThenGarbage[2] = (byte) 0xff;
        byte[] pngThenGarbage = Arrays.copyOf(png, 4000);
        new Random(9).nextBytes(pngThenGarbage);
        System.arraycopy(png, 0, pngThenGarbage, 0, 8);
        byte[] corruptData = png.clone();
        for (int i = png.length / 3; i < png.length - 20; i += 97) {
            corruptData[i] ^= 0x5a;
        }
        BufferedImage small = Screenshots.plain(64, 40, Color.ORANGE, 1);

        Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
        refused.put("empty", new byte[0]);
        refused.put("HTML", "<!DOCTYPE html><html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8));
        refused.put("random", random);
        refused.put("zeros (a WBMP to a lax reader)", new byte[1000]);
        refused.put("truncated PNG", Arrays.copyOf(png, 100));
        refused.put("PNG signature only", Arrays.copyOf(png, 8));
        refused.put("PNG header then garbage", pngThenGarbage);
        refused.put("PNG with corrupt data", corruptData);
        refused.put("JPEG marker then garbage", jpegThenGarbage);
        refused.put("GIF", Screenshots.encode(small, "gif"));
        refused.put("BMP", Screenshots.encode(small, "bmp"));
        refused.put("PNG claiming 100000x100000", Screenshots.pngClaiming(100_000, 100_000));
        refused.put("PNG claiming 20000x100", Screenshots.pngClaiming(20_000, 100));
        refused.put("PNG claiming 8000x6000", Screenshots.pngClaiming(8_000, 6_000));
        refused.put("PNG claiming 0x10", Screenshots.pngClaiming(0, 10));
        for (Map.Entry<String, byte[]> bad : refused.entrySet()) {
            NotAnImage e = assertThrows(NotAnImage.class, () -> layout.thumbnail(bad.getValue()), bad.getKey());
            assertNotNull(e.getMessage(), bad.getKey());
            assertTrue(e.getMessage().length() < 100, e.getMessage());
        }
        assertThrows(NotAnImage.class, () -> layout.thumbnail(null));

        assertEquals("not a PNG or JPEG image", message(layout, refused.get("HTML")));
        assertEquals("a GIF image, not a PNG or JPEG one", message(layout, refused.get("GIF")));
        assertEquals("a BMP image, not a PNG or JPEG one", message(layout, refused.get("BMP")));
        assertEquals("the image is 8000×6000 pixels, more than 40000000", message(layout, refused.get("PNG claiming 8000x6000")));
        assertEquals("the image is 20000×100 pixels, more than 16384 on a side",
                message(layout, refused.get("PNG claiming 20000x100")));
        assertEquals("a corrupt or truncated PNG image", message(layout, refused.get("truncated PNG")));
        // A bomb's header alone is read: a 1×1 PNG claiming 6000×6000 is refused only once its data runs out.
        assertEquals("a corrupt or truncated PNG image", message(layout, Screenshots.pngClaiming(6_000, 6_000)));
    }

    private static String message(ContactSheet layout, byte[] bytes) {
        return assertThrows(NotAnImage.class, () -> layout.thumbnail(bytes)).getMessage();
    }

    // ---- threads ----

    @Test
    void manyThreadsMakeCorrectThumbnailsAtOnce() throws Exception {
        ContactSheet layout = ContactSheet.forTiles(12);
        int tasks = 48;
        for (int i = 0; i < 12; i++) {
            screenshot(i);
        }
        byte[] jpeg = Screenshots.encode(Screenshots.plain(WIDTH, HEIGHT, Screenshots.colour(12), 12), "jpeg");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Thumbnail>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int item = t % 13;
                futures.add(pool.submit(() -> layout.thumbnail(item == 12 ? jpeg : screenshot(item))));
            }
            for (int t = 0; t < tasks; t++) {
                BufferedImage picture = futures.get(t).get().image();
                assertEquals(layout.tileWidth(), picture.getWidth());
                assertEquals(layout.tileHeight(), picture.getHeight());
                assertColourNear(Screenshots.colour(t % 13), centre(picture), t % 13 == 12 ? 12 : 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- measurement, by hand: ./mvnw -B -q test -Dtest='io.github.anchorbatchmcp.picture.*Test' -Dpicture.measure=true ----

    /**
     * Prints the median time of 20 warm contact sheets of ten 1440×900 PNGs, each from forTiles to
     * the encoded bytes, thumbnails made on two threads; for heavy pages (dense text and photo-like
     * grain, some 750 KB a PNG) and for light ones (flat colour and a little text).
     */
    @Test
    @EnabledIfSystemProperty(named = "picture.measure", matches = "true")
    void measureTenScreenshotsOnTwoThreads() throws Exception {
        List<byte[]> heavy = new ArrayList<>();
        List<byte[]> light = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            heavy.add(Screenshots.encode(Screenshots.page(WIDTH, HEIGHT, i), "png"));
            light.add(screenshot(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            measure("heavy", heavy, pool);
            measure("light", light, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void measure(String kind, List<byte[]> pngs, ExecutorService pool) throws Exception {
        long[] millis = new long[20];
        Sheet last = null;
        for (int run = -30; run < millis.length; run++) { // the first 30 warm the JIT
            long start = System.nanoTime();
            ContactSheet layout = ContactSheet.forTiles(10);
            List<Future<Thumbnail>> futures = new ArrayList<>();
            for (byte[] png : pngs) {
                futures.add(pool.submit(() -> layout.thumbnail(png)));
            }
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(new Entry(i, label(i), futures.get(i).get()));
            }
            last = layout.compose(entries);
            if (run >= 0) {
                millis[run] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        long bytes = pngs.stream().mapToLong(b -> b.length).sum();
        System.out.printf("contact sheet of ten %dx%d %s PNGs (%d KB each on average) on 2 threads: median %d ms"
                        + " (min %d, max %d) over %d warm runs; sheet %dx%d, %d KB%n",
                WIDTH, HEIGHT, kind, bytes / 10 / 1024, (millis[9] + millis[10]) / 2, millis[0], millis[19],
                millis.length, last.width(), last.height(), last.bytes().length / 1024);
    }

    // ---- checks ----

    /** Decodes the sheet as the format its MIME type names and checks its size against the record and the bounds. */
    private static BufferedImage decodeChecked(Sheet sheet) throws IOException {
        assertEquals("image/jpeg", sheet.mimeType());
        assertTrue(sheet.bytes().length <= ContactSheet.MAX_BYTES, sheet.bytes().length + " bytes");
        assertTrue(Math.max(sheet.width(), sheet.height()) <= ContactSheet.MAX_EDGE, sheet.width() + "x" + sheet.height());
        assertTrue((long) sheet.width() * sheet.height() <= ContactSheet.MAX_PIXELS, sheet.width() + "x" + sheet.height());
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(sheet.bytes()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertTrue(readers.hasNext(), "no reader recognises the sheet");
            ImageReader reader = readers.next();
            try {
                assertTrue(Arrays.asList(reader.getOriginatingProvider().getMIMETypes()).contains(sheet.mimeType()),
                        reader.getFormatName());
                reader.setInput(in);
                BufferedImage image = reader.read(0);
                assertEquals(sheet.width(), image.getWidth());
                assertEquals(sheet.height(), image.getHeight());
                return image;
            } finally {
                reader.dispose();
            }
        }
    }

    private static void assertPlacedSanely(Sheet sheet) {
        List<Placed> tiles = sheet.tiles();
        for (Placed tile : tiles) {
            assertTrue(tile.x() >= 0 && tile.y() >= Grid.LABEL_HEIGHT && tile.w() > 0 && tile.h() > 0, tile.toString());
            assertTrue(tile.x() + tile.w() <= sheet.width() && tile.y() + tile.h() <= sheet.height(), tile.toString());
        }
        for (int i = 0; i < tiles.size(); i++) {
            for (int j = i + 1; j < tiles.size(); j++) {
                Placed a = tiles.get(i);
                Placed b = tiles.get(j);
                boolean apart = a.x() + a.w() <= b.x() || b.x() + b.w() <= a.x()
                        || a.y() + a.h() <= b.y() || b.y() + b.h() <= a.y();
                assertTrue(apart, a + " overlaps " + b);
            }
        }
    }

    /** The colour at the tile's centre is its own item's, and nearer to it than to any other item's. */
    private static void assertNearestColourIsItems(BufferedImage sheet, Placed tile, int items) {
        assertNearestColour(sheet, tile, tile.itemIndex(), items);
    }

    private static void assertNearestColour(BufferedImage sheet, Placed tile, int item, int items) {
        Color seen = average(sheet, tile.x() + tile.w() / 2, tile.y() + tile.h() / 2);
        assertColourNear(Screenshots.colour(item), seen, 24);
        for (int other = 0; other < items; other++) {
            if (other != item) {
                assertTrue(distance(seen, Screenshots.colour(other)) > distance(seen, Screenshots.colour(item)),
                        "tile " + tile + " looks more like item " + other);
            }
        }
    }

    /** The label strip above the tile has light text on a dark ground. */
    private static void assertLabelAbove(BufferedImage sheet, Placed tile) {
        int light = 0;
        int dark = 0;
        int top = tile.y() - Grid.LABEL_HEIGHT;
        for (int y = top; y < tile.y(); y++) {
            for (int x = tile.x(); x < tile.x() + tile.w(); x++) {
                int luma = luma(sheet.getRGB(x, y));
                light += luma > 180 ? 1 : 0;
                dark += luma < 70 ? 1 : 0;
            }
        }
        assertTrue(light >= 20, "label pixels above " + tile + ": " + light);
        assertTrue(dark > light, "a dark strip above " + tile);
    }

    private static Color centre(BufferedImage image) {
        return average(image, image.getWidth() / 2, image.getHeight() / 2);
    }

    /** Mean colour of the 5×5 square around a point. */
    private static Color average(BufferedImage image, int cx, int cy) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int y = cy - 2; y <= cy + 2; y++) {
            for (int x = cx - 2; x <= cx + 2; x++) {
                int rgb = image.getRGB(x, y);
                r += rgb >> 16 & 0xff;
                g += rgb >> 8 & 0xff;
                b += rgb & 0xff;
            }
        }
        return new Color(r / 25, g / 25, b / 25);
    }

    private static void assertColourNear(Color expected, Color actual, double tolerance) {
        assertTrue(distance(expected, actual) <= tolerance, "expected about " + expected + ", saw " + actual);
    }

    private static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static int luma(int rgb) {
        return ((rgb >> 16 & 0xff) * 299 + (rgb >> 8 & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }

    @Test
    void theTestScreenshotsAreWhatTheyClaim() throws IOException {
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(screenshot(3)));
        assertEquals(WIDTH, back.getWidth());
        assertEquals(Screenshots.colour(3).getRGB() & 0xffffff, back.getRGB(WIDTH / 2, HEIGHT / 2) & 0xffffff);
        assertFalse(Arrays.equals(screenshot(3), screenshot(4)));
        byte[] claiming = Screenshots.pngClaiming(100_000, 100_000);
        assertArrayEquals(new byte[] {0, 1, (byte) 0x86, (byte) 0xa0}, Arrays.copyOfRange(claiming, 16, 20));
    }
}
