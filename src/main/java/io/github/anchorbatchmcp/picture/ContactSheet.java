package io.github.anchorbatchmcp.picture;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Many browser screenshots composed into one bounded JPEG, each under its label: a picture a model
 * can take in at a glance. Bytes in, bytes out.
 *
 * <p>Use: {@link #forTiles} fixes the layout before any screenshot is fetched; {@link #thumbnail}
 * shrinks each one as it arrives (on any thread), so full-size screenshots are never held together;
 * {@link #compose} draws and encodes the sheet.
 */
public final class ContactSheet {

    static {
        // Before any AWT class needs a toolkit: a server has no display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Longest side of the sheet, px. */
    public static final int MAX_EDGE = 1568;
    /** Width × height of the sheet at most: what Claude sees without scaling it down. */
    public static final int MAX_PIXELS = 1_150_000;
    /** Encoded size at most. */
    public static final int MAX_BYTES = 1_000_000;
    static final int MAX_TILES = 100;

    static final int BACKGROUND = 0x101010;
    static final int STRIP = 0x262626;
    static final int TEXT = 0xf0f0f0;
    /** Around a picture whose shape is not the cell's. */
    static final int LETTERBOX = 0x5a5a5a;

    /** Tried in turn while the sheet is too many bytes; below the last, the tiles shrink instead. */
    private static final float[] QUALITIES = {0.85f, 0.75f, 0.62f, 0.5f};

    private final int tiles;
    private final Grid grid;

    private ContactSheet(int tiles, Grid grid) {
        this.tiles = tiles;
        this.grid = grid;
    }

    /** The layout for a sheet of {@code tiles} screenshots (1..100), before any is fetched. */
    public static ContactSheet forTiles(int tiles) {
        if (tiles < 1 || tiles > MAX_TILES) {
            throw new IllegalArgumentException("a contact sheet holds 1 to " + MAX_TILES + " tiles, not " + tiles);
        }
        return new ContactSheet(tiles, Grid.largest(tiles));
    }

    /** Width of one tile's picture area (its label strip not counted). */
    public int tileWidth() {
        return grid.tileWidth();
    }

    /** Height of one tile's picture area (its label strip not counted). */
    public int tileHeight() {
        return grid.tileHeight();
    }

    int tiles() {
        return tiles;
    }

    Grid grid() {
        return grid;
    }

    /**
     * Decodes one screenshot and scales it to fit this layout's tile. Thread-safe: called from many
     * threads at once, one per screenshot, right after each is fetched.
     *
     * @throws NotAnImage unless the bytes are a PNG or JPEG of a sane size that decodes
     */
    public Thumbnail thumbnail(byte[] image) throws NotAnImage {
        return new Thumbnail(Pictures.decodeToFit(image, grid.tileWidth(), grid.tileHeight()));
    }

    /**
     * Lays out the thumbnails given (1..tiles of them, in order), each under its label, and encodes
     * the sheet. With fewer than {@code tiles} (some screenshots failed), the grid is chosen for
     * their count at the same tile size, so the sheet only gets smaller. Should the JPEG exceed
     * {@link #MAX_BYTES} (pages of fine noise), it is re-encoded at lower quality and, failing that,
     * redrawn with smaller tiles; {@link Sheet#tiles} always says where the pictures really are.
     */
    public Sheet compose(List<Entry> entries) {
        return compose(entries, MAX_BYTES);
    }

    /** {@link #compose(List)} with another byte limit, so tests can reach the last resort. */
    Sheet compose(List<Entry> entries, int maxBytes) {
        Objects.requireNonNull(entries, "entries");
        if (entries.isEmpty() || entries.size() > tiles) {
            throw new IllegalArgumentException("compose takes 1 to " + tiles + " entries, not " + entries.size());
        }
        // Never wider or taller than the sheet this layout stands for: the original grid itself always fits.
        Grid layout = entries.size() == tiles ? grid
                : Grid.forCount(entries.size(), grid.tileWidth(), grid.width(), grid.height());
        while (true) {
            List<Placed> placed = new ArrayList<>(entries.size());
            BufferedImage sheet = draw(layout, entries, placed);
            byte[] bytes = null;
            for (float quality : QUALITIES) {
                bytes = Jpeg.encode(sheet, quality);
                if (bytes.length <= maxBytes) {
                    return new Sheet(bytes, Jpeg.MIME_TYPE, sheet.getWidth(), sheet.getHeight(), layout.columns(), placed);
                }
            }
            // Still too large at the lowest quality worth sending: smaller tiles, by about the area that is too much.
            double shrink = Math.sqrt((double) maxBytes / bytes.length) * 0.95;
            int smaller = Math.min(layout.tileWidth() - Grid.STEP,
                    (int) (layout.tileWidth() * shrink) / Grid.STEP * Grid.STEP);
            if (smaller < Grid.STEP) {
                throw new IllegalStateException("a sheet of " + entries.size() + " tiles does not fit in " + maxBytes + " bytes");
            }
            layout = Grid.forCount(entries.size(), smaller, MAX_EDGE, MAX_EDGE);
            if (layout == null) { // cannot happen: the previous shape with smaller tiles fits
                throw new IllegalStateException("no grid for " + entries.size() + " tiles " + smaller + " wide");
            }
        }
    }

    /** Draws the sheet, noting where each picture went. */
    private static BufferedImage draw(Grid layout, List<Entry> entries, List<Placed> placed) {
        // Three bytes a pixel is what the JPEG writer takes without converting pixel by pixel.
        BufferedImage sheet = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_3BYTE_BGR);
        int tw = layout.tileWidth();
        int th = layout.tileHeight();
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(BACKGROUND));
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = Objects.requireNonNull(entries.get(i), "entry");
                int x = layout.cellX(i);
                int y = layout.cellY(i);
                g.setColor(new Color(STRIP));
                g.fillRect(x, y, tw, Grid.LABEL_HEIGHT);

                BufferedImage picture = entry.thumbnail().image;
                if (!fills(picture, tw, th)) { // made for another layout, or the sheet had to shrink
                    Pictures.Size fit = Pictures.fit(picture.getWidth(), picture.getHeight(), tw, th);
                    picture = Pictures.scale(picture, fit.width(), fit.height());
                }
                int w = picture.getWidth();
                int h = picture.getHeight();
                int top = y + Grid.LABEL_HEIGHT;
                if (w != tw || h != th) {
                    g.setColor(new Color(LETTERBOX));
                    g.fillRect(x, top, tw, th);
                }
                int px = x + (tw - w) / 2;
                int py = top + (th - h) / 2;
                g.drawImage(picture, px, py, null);
                placed.add(new Placed(entry.itemIndex(), px, py, w, h));
            }
        } finally {
            g.dispose();
        }
        for (int i = 0; i < entries.size(); i++) {
            String text = Labels.fitted(entries.get(i).label(), tw - 2 * Grid.PAD);
            PixelFont.draw(sheet, layout.cellX(i) + Grid.PAD, layout.cellY(i) + Grid.PAD, text, TEXT);
        }
        return sheet;
    }

    /** Whether a picture already has the size {@link Pictures#fit} gives for this cell. */
    private static boolean fills(BufferedImage picture, int tw, int th) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        return w <= tw && h <= th && (w == tw || h == th);
    }

    /** One tile to draw: the caller's item index (reported back in {@link Placed}), its label and its picture. */
    public record Entry(int itemIndex, String label, Thumbnail thumbnail) {
        public Entry {
            label = label == null ? "" : label;
            Objects.requireNonNull(thumbnail, "thumbnail");
        }
    }

    /** The encoded sheet: {@code bytes} is a {@code mimeType} image of exactly {@code width} × {@code height}. */
    public record Sheet(byte[] bytes, String mimeType, int width, int height, int columns, List<Placed> tiles) {
        public Sheet {
            tiles = List.copyOf(tiles);
        }
    }

    /** Where one tile's picture lies in the sheet, in pixels, and whose it is. */
    public record Placed(int itemIndex, int x, int y, int w, int h) {
    }

    /** One screenshot scaled for a layout's tile, ready to compose. */
    public static final class Thumbnail {
        private final BufferedImage image;

        Thumbnail(BufferedImage image) {
            this.image = image;
        }

        BufferedImage image() {
            return image;
        }
    }

    /** Bytes that are not a PNG or JPEG this class will decode; the message says why, in a few words. */
    public static final class NotAnImage extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnImage(String message) {
            super(message);
        }

        NotAnImage(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
