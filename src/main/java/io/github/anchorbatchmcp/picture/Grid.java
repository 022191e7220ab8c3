package io.github.anchorbatchmcp.picture;

/**
 * Where the tiles of a sheet go: {@code columns} × {@code rows} cells, each a label strip above a
 * {@code tileWidth} × {@code tileHeight} picture area, with {@link #GAP} between cells and around
 * the edge.
 */
record Grid(int columns, int rows, int tileWidth, int tileHeight) {

    static final int GAP = 4;
    /** Space around the label's text inside its strip. */
    static final int PAD = 3;
    static final int LABEL_HEIGHT = PixelFont.HEIGHT + 2 * PAD;
    /**
     * Tile widths are multiples of this, so the 16:10 picture area is exact and a 16:10 screenshot
     * fills it with no stray column of background.
     */
    static final int STEP = 8;

    Grid {
        if (columns < 1 || rows < 1 || tileWidth < 1 || tileHeight < 1) {
            throw new IllegalArgumentException("empty grid");
        }
    }

    /** Cells assume 16:10 screenshots, what browsers are usually given. */
    static int heightFor(int tileWidth) {
        return Math.max(1, tileWidth * 10 / 16);
    }

    int width() {
        return columns * tileWidth + (columns + 1) * GAP;
    }

    int height() {
        return rows * (LABEL_HEIGHT + tileHeight) + (rows + 1) * GAP;
    }

    /** Left edge of cell {@code index} (row-major). */
    int cellX(int index) {
        return GAP + (index % columns) * (tileWidth + GAP);
    }

    /** Top of cell {@code index}: its label strip; the picture area starts {@link #LABEL_HEIGHT} lower. */
    int cellY(int index) {
        return GAP + (index / columns) * (LABEL_HEIGHT + tileHeight + GAP);
    }

    boolean withinBounds() {
        int w = width();
        int h = height();
        return w <= ContactSheet.MAX_EDGE && h <= ContactSheet.MAX_EDGE
                && (long) w * h <= ContactSheet.MAX_PIXELS;
    }

    /**
     * The grid with the largest tiles for {@code tiles} cells that stays within the sheet's bounds;
     * among equals, the shape nearest 16:10. Each row costs a label strip, so the largest tiles often
     * come from a grid a little taller than wide: ten tiles are 2 × 5 of 400 px, not 4 × 3 of 368.
     */
    static Grid largest(int tiles) {
        Grid best = null;
        for (int columns = 1; columns <= tiles; columns++) {
            int rows = ceilDiv(tiles, columns);
            Grid candidate = largestFor(columns, rows);
            if (candidate != null && (best == null || candidate.tileWidth > best.tileWidth
                    || candidate.tileWidth == best.tileWidth && candidate.nicerThan(best, tiles))) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(tiles + " tiles do not fit in a sheet");
        }
        return best;
    }

    /**
     * The grid for {@code count} cells of a fixed tile width, no wider than {@code maxWidth} and no
     * taller than {@code maxHeight} (and within bounds): the shape nearest 16:10, then the fewest
     * empty cells; null if none fits.
     */
    static Grid forCount(int count, int tileWidth, int maxWidth, int maxHeight) {
        Grid best = null;
        for (int columns = 1; columns <= count; columns++) {
            Grid candidate = new Grid(columns, ceilDiv(count, columns), tileWidth, heightFor(tileWidth));
            if (candidate.withinBounds() && candidate.width() <= maxWidth && candidate.height() <= maxHeight
                    && (best == null || candidate.nicerThan(best, count))) {
                best = candidate;
            }
        }
        return best;
    }

    /** Largest multiple of {@link #STEP} that keeps a {@code columns} × {@code rows} grid within bounds. */
    private static Grid largestFor(int columns, int rows) {
        int low = 0; // in steps; 0 stands for "none fits"
        int high = ContactSheet.MAX_EDGE / STEP;
        while (low < high) { // the bounds only grow with the tile, so the fitting widths are a prefix
            int mid = (low + high + 1) >>> 1;
            if (new Grid(columns, rows, mid * STEP, heightFor(mid * STEP)).withinBounds()) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low == 0 ? null : new Grid(columns, rows, low * STEP, heightFor(low * STEP));
    }

    private boolean nicerThan(Grid other, int count) {
        double shape = shapeError();
        double otherShape = other.shapeError();
        if (shape != otherShape) {
            return shape < otherShape;
        }
        return columns * rows < other.columns * other.rows;
    }

    /** How far the sheet's shape is from a 16:10 screen, in either direction. */
    private double shapeError() {
        return Math.abs(Math.log((double) width() / height() / 1.6));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
