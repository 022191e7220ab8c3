package io.github.anchorbatchmcp.picture;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Made-up screenshots for the tests, drawn without fonts. */
final class Screenshots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Screenshots() {
    }

    /** A distinct colour for item {@code i}: hues spread by the golden ratio, brightness and saturation varied too. */
    static Color colour(int i) {
        float hue = (float) ((i * 0.61803398875) % 1.0);
        float saturation = 0.45f + (i % 3) * 0.2f;
        float brightness = 0.55f + (i % 4) * 0.13f;
        return Color.getHSBColor(hue, saturation, brightness);
    }

    /**
     * A page of one background colour with a header, a sidebar and lines of "text" near its edges;
     * the middle third either way is left plain, so a tile's centre shows the background.
     */
    static BufferedImage plain(int width, int height, Color background, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Random random = new Random(seed);
            g.setColor(background);
            g.fillRect(0, 0, width, height);
            g.setColor(background.darker().darker());
            g.fillRect(0, 0, width, height / 12);
            g.fillRect(0, 0, width / 10, height);
            g.setColor(Color.WHITE);
            for (int line = 0; line < 12; line++) {
                int y = height / 12 + 20 + line * 22;
                for (int x = width / 10 + 20; x < width / 3 - 20; ) {
                    int word = 10 + random.nextInt(50);
                    g.fillRect(x, y, word, 10);
                    x += word + 8;
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Every pixel random: what JPEG compresses worst. */
    static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = random.nextInt(0x1000000);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    /**
     * Something like a real page, for timing: white, a coloured header, dense lines of small dark
     * "glyphs" and two photo-like panels of gradient and grain. Its PNG is a few hundred KB, as a
     * browser's 1440×900 screenshot usually is.
     */
    static BufferedImage page(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(colour((int) seed));
            g.fillRect(0, 0, width, 70);
            g.setColor(new Color(0x222222));
            for (int y = 110; y < height - 20; y += 20) {
                for (int x = 60; x < width * 3 / 5; ) {
                    int word = 3 + random.nextInt(9);
                    for (int c = 0; c < word; c++, x += 8) {
                        // A glyph: a few thin strokes in a 7×11 box.
                        for (int s = 0; s < 3; s++) {
                            if (random.nextBoolean()) {
                                g.fillRect(x + random.nextInt(6), y + random.nextInt(4), 1, 4 + random.nextInt(7));
                            } else {
                                g.fillRect(x, y + random.nextInt(11), 2 + random.nextInt(5), 1);
                            }
                        }
                    }
                    x += 8;
                }
            }
        } finally {
            g.dispose();
        }
        panel(image, width * 2 / 3, 110, width / 3 - 40, height / 3, random);
        panel(image, width * 2 / 3, 150 + height / 3, width / 3 - 40, height / 3, random);
        return image;
    }

    private static void panel(BufferedImage image, int x0, int y0, int w, int h, Random random) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int grain = random.nextInt(24);
                int r = Math.min(255, 60 + x * 150 / w + grain);
                int gr = Math.min(255, 90 + y * 120 / h + grain);
                int b = Math.min(255, 140 + (x + y) * 60 / (w + h) + grain);
                image.setRGB(x0 + x, y0 + y, r << 16 | gr << 8 | b);
            }
        }
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An Adam7-interlaced PNG of the image. */
    static byte[] interlacedPng(BufferedImage image) {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A valid 1×1 PNG whose header then claims {@code width} × {@code height}, its checksum made right. */
    static byte[] pngClaiming(int width, int height) {
        byte[] png = encode(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        // Signature (8), then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC (4).
        if (png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IllegalStateException("IHDR is not the first chunk");
        }
        putInt(png, 16, width);
        putInt(png, 20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        putInt(png, 29, (int) crc.getValue());
        return png;
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }
}
