package io.github.anchorbatchmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every relative link and image in README.md and docs/*.md points at a file that is there and, with
 * {@code #anchor}, at a heading that is there (GitHub's anchors); and every page under docs/ is linked
 * from the README, so that a reader can reach it.
 */
class DocsLinksTest {

    static Stream<Path> pages() {
        return Markdown.all().stream().map(Markdown::file);
    }

    @ParameterizedTest
    @MethodSource("pages")
    void everyRelativeLinkResolves(Path page) {
        Markdown doc = Markdown.read(page);
        List<String> broken = new ArrayList<>();
        for (Markdown.Link link : doc.links()) {
            String target = link.target();
            if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                continue; // https:, mailto: and the like: not a file of this repository
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path file = path.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(path).normalize();
            String where = page + ":" + link.line() + ": " + target;
            if (!Files.exists(file)) {
                broken.add(where + (link.image() ? " (image not there)" : " (file not there)"));
            } else if (anchor != null) {
                if (!file.toString().endsWith(".md")) {
                    broken.add(where + " (an anchor in a file that is not Markdown)");
                } else {
                    Set<String> anchors = Markdown.read(file).anchors();
                    if (!anchors.contains(anchor)) {
                        broken.add(where + " (no such heading; there are " + anchors + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken links in " + page);
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadme() {
        Markdown readme = Markdown.read(Path.of("README.md"));
        List<String> targets = readme.links().stream().map(l -> l.target().replaceAll("#.*", "")).toList();
        for (Markdown page : Markdown.all()) {
            if (page.file().startsWith("docs")) {
                assertTrue(targets.contains(page.file().toString().replace('\\', '/')),
                        page.file() + " is not linked from README.md");
            }
        }
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("prompts-slash-commands", Markdown.slug("Prompts (slash commands)"));
        assertEquals("create_batch_sessions", Markdown.slug("`create_batch_sessions`"));
        assertEquals("an-agents-session", Markdown.slug("An agent's session"));
        assertEquals("with-your-identity-provider-oauth", Markdown.slug("With your identity provider (OAuth)"));
        assertEquals("run-it-for-a-team", Markdown.slug("[Run it](x.md) for a team"));
    }
}
