package io.github.anchorbatchmcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The README and the pages under docs/, read the way GitHub renders them: fenced blocks, links, headings. */
record Markdown(Path file, List<String> lines) {

    /** A fenced code block: its info string ({@code sh}, {@code json}, ...), its text, its first line's number. */
    record Block(String language, String text, int line) {
    }

    /** A link or an image in the text (not in code): where it points, on which line. */
    record Link(String target, boolean image, int line) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,})\\s*([\\w-]*).*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern LINK = Pattern.compile("(!?)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md and every docs/*.md, in that order. */
    static List<Markdown> all() {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream().map(Markdown::read).toList();
    }

    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        String fence = null;
        String language = null;
        int start = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = FENCE.matcher(line);
            if (fence == null && m.matches()) {
                fence = m.group(1);
                language = m.group(2);
                start = i + 2;
                text.setLength(0);
            } else if (fence != null && line.strip().startsWith(fence) && line.strip().replace("`", "").isEmpty()) {
                blocks.add(new Block(language, text.toString(), start));
                fence = null;
            } else if (fence != null) {
                text.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The lines outside fenced blocks, with inline code blanked out (a link in code is no link); null inside. */
    private List<String> prose() {
        List<String> prose = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines) {
            if (FENCE.matcher(line).matches() || (inBlock && line.strip().matches("`{3,}"))) {
                inBlock = !inBlock;
                prose.add(null);
            } else {
                prose.add(inBlock ? null : INLINE_CODE.matcher(line).replaceAll(r -> " ".repeat(r.group().length())));
            }
        }
        return prose;
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        List<String> prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            String line = prose.get(i);
            if (line == null) {
                continue;
            }
            // The link's text was blanked if it was code, its target never is: read the target from the original line.
            Matcher m = LINK.matcher(lines.get(i).replaceAll("`[^`]*`", "x"));
            while (m.find()) {
                links.add(new Link(m.group(2), !m.group(1).isEmpty(), i + 1));
            }
        }
        return links;
    }

    /** The anchors GitHub gives this file's headings, duplicates numbered as it numbers them. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> prose = prose();
        for (int i = 0; i < lines.size(); i++) {
            if (prose.get(i) == null) {
                continue;
            }
            Matcher m = HEADING.matcher(lines.get(i));
            if (m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: link targets kept as text, lower case, punctuation dropped, spaces made hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
