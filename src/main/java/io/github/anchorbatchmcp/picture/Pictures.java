package io.github.anchorbatchmcp.picture;

import io.github.anchorbatchmcp.picture.ContactSheet.NotAnImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/** Decoding untrusted image bytes into a picture of a bounded size, and scaling pictures. */
final class Pictures {

    static final int MAX_SIDE = 16_384;
    static final long MAX_SOURCE_PIXELS = 40_000_000L;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private Pictures() {
    }

    /** A width and height. */
    record Size(int width, int height) {
    }

    /**
     * Decodes a PNG or JPEG and scales it, keeping its aspect, to the largest size inside
     * {@code boxWidth} × {@code boxHeight}. Anything else, and anything too large, is refused.
     */
    static BufferedImage decodeToFit(byte[] bytes, int boxWidth, int boxHeight) throws NotAnImage {
        String format = format(bytes);
        ImageReader reader = reader(format);
        try (ImageInputStream in = new BytesInput(bytes)) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            refuseTooLarge(width, height);
            Size fit = fit(width, height, boxWidth, boxHeight);

            ImageReadParam param = reader.getDefaultReadParam();
            // Skipping whole rows and columns while decoding is far cheaper than scaling them away after;
            // what is left is less than twice the target, which bilinear scaling handles well.
            int step = Math.min(width / fit.width(), height / fit.height());
            if (step >= 2) {
                param.setSourceSubsampling(step, step, 0, 0);
                // Subsampled pixels are copied one by one anyway, so into the type scaling reads fastest.
                // Whole rows are copied only into the reader's own type: an int one there is three times slower.
                ImageTypeSpecifier type = intType(reader);
                if (type != null) {
                    param.setDestinationType(type);
                }
            }
            BufferedImage decoded = reader.read(0, param);
            return scale(decoded, fit.width(), fit.height());
        } catch (IOException | RuntimeException e) {
            // Corrupt or truncated data surfaces as IIOException, EOFException or assorted runtime exceptions.
            throw new NotAnImage("a corrupt or truncated " + format + " image", e);
        } catch (OutOfMemoryError e) {
            // The failed allocation was this image's own; nothing of it is kept.
            throw new NotAnImage("the " + format + " image is too large to decode", e);
        } finally {
            reader.dispose();
        }
    }

    /** Which format the bytes are, by their first bytes; ImageIO's own guess would accept lax formats such as WBMP. */
    static String format(byte[] bytes) throws NotAnImage {
        if (bytes == null || bytes.length == 0) {
            throw new NotAnImage("no image: the data is empty");
        }
        if (startsWith(bytes, PNG)) {
            return "PNG";
        }
        if (startsWith(bytes, JPEG)) {
            return "JPEG";
        }
        String seen = startsWith(bytes, new byte[] {'G', 'I', 'F', '8'}) ? "a GIF image"
                : startsWith(bytes, new byte[] {'B', 'M'}) ? "a BMP image"
                : bytes.length >= 12 && startsWith(bytes, new byte[] {'R', 'I', 'F', 'F'})
                        && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P' ? "a WebP image"
                : null;
        throw new NotAnImage(seen == null ? "not a PNG or JPEG image" : seen + ", not a PNG or JPEG one");
    }

    private static void refuseTooLarge(int width, int height) throws NotAnImage {
        if (width < 1 || height < 1) {
            throw new NotAnImage("the image claims to be " + width + "×" + height + " pixels");
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new NotAnImage("the image is " + width + "×" + height + " pixels, more than " + MAX_SIDE + " on a side");
        }
        if ((long) width * height > MAX_SOURCE_PIXELS) {
            throw new NotAnImage("the image is " + width + "×" + height + " pixels, more than " + MAX_SOURCE_PIXELS);
        }
    }

    private static ImageReader reader(String format) throws NotAnImage {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new NotAnImage("this Java runtime cannot read " + format + " images");
        }
        return readers.next(); // a new instance per call, so threads never share one
    }

    /** An int-per-pixel destination type, RGB if it can be, if the reader offers one. */
    private static ImageTypeSpecifier intType(ImageReader reader) throws IOException {
        ImageTypeSpecifier withAlpha = null;
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            ImageTypeSpecifier type = types.next();
            if (type.getBufferedImageType() == BufferedImage.TYPE_INT_RGB) {
                return type;
            }
            if (type.getBufferedImageType() == BufferedImage.TYPE_INT_ARGB) {
                withAlpha = type;
            }
        }
        return withAlpha;
    }

    /** The largest size of a {@code width} × {@code height} picture's aspect inside the box, at least 1×1. */
    static Size fit(int width, int height, int boxWidth, int boxHeight) {
        double scale = Math.min((double) boxWidth / width, (double) boxHeight / height);
        int w = (int) Math.max(1, Math.min(boxWidth, Math.round(width * scale)));
        int h = (int) Math.max(1, Math.min(boxHeight, Math.round(height * scale)));
        return new Size(w, h);
    }

    /** {@code source} at {@code width} × {@code height} as an opaque RGB picture (transparency over white, as a page). */
    static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage current = source;
        // Bilinear sampling skips no pixel while shrinking by less than half; halving, which averages
        // each 2×2 block, takes a larger reduction there first (decoding has usually done that part).
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() == width && current.getHeight() == height
                && current.getType() == BufferedImage.TYPE_INT_RGB) {
            return current;
        }
        return draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            if (source.getColorModel().hasAlpha()) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, width, height);
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
