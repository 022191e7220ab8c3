package io.github.anchorbatchmcp.picture;

import java.text.Normalizer;

/**
 * Turns a caller's label (page titles and addresses: untrusted web text) into what {@link PixelFont}
 * can draw in a given width. The result is only ever drawn as pixels.
 */
final class Labels {

    static final String CUT = "...";

    private Labels() {
    }

    /** {@code label} as drawn in {@code pixels}: one line, Latin-1, cut with {@link #CUT} when too long. */
    static String fitted(String label, int pixels) {
        int room = PixelFont.fits(pixels);
        if (label == null || room == 0) {
            return "";
        }
        // Only look at what could be shown: a label may be arbitrarily long.
        StringBuilder out = new StringBuilder(Math.min(room + 1, label.length()));
        for (int i = 0; i < label.length() && out.length() <= room; ) {
            int cp = label.codePointAt(i);
            i += Character.charCount(cp);
            out.append(drawable(cp));
        }
        if (out.length() <= room) {
            return out.toString();
        }
        if (room <= CUT.length()) {
            return CUT.substring(0, room);
        }
        return out.substring(0, room - CUT.length()) + CUT;
    }

    /** One code point as Latin-1 text: control and format characters as a space, the rest as close as the font allows. */
    private static String drawable(int cp) {
        if (Character.isISOControl(cp) || isInvisible(cp)) {
            return " ";
        }
        if (cp <= 0xff) {
            return String.valueOf((char) cp);
        }
        switch (cp) {
            case 0x2018, 0x2019, 0x201a, 0x2032 -> {
                return "'";
            }
            case 0x201c, 0x201d, 0x201e, 0x2033 -> {
                return "\"";
            }
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212 -> {
                return "-";
            }
            case 0x2022, 0x2027, 0x30fb -> {
                return "\u00b7";
            }
            case 0x2026 -> {
                return "...";
            }
            // Letters that do not decompose into a base letter and a mark.
            case 0x0141, 0x0142, 0x0110, 0x0111, 0x0131 -> {
                return String.valueOf("LlDdi".charAt("\u0141\u0142\u0110\u0111\u0131".indexOf(cp)));
            }
            case 0x0152, 0x0153 -> {
                return cp == 0x0152 ? "OE" : "oe";
            }
            default -> {
                // Letters with marks outside Latin-1 (ő, č, ł...) keep their base letter.
                String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
                char base = decomposed.isEmpty() ? '?' : decomposed.charAt(0);
                return base > ' ' && base < 0x7f ? String.valueOf(base) : "?";
            }
        }
    }

    /** Characters that draw nothing or reorder text (bidi overrides, zero-width marks, line separators). */
    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
