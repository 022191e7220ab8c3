package io.github.anchorbatchmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.anchorbatchmcp.anchor.BatchId;
import io.github.anchorbatchmcp.anchor.Fixtures;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which sessions one call drives, and how a set of item indexes is written for a model. */
class DrivenSessionsTest {

    @Test
    void rangesJoinRunsOfConsecutiveIndexesInOrder() {
        assertEquals("0-3, 5, 7-9", DrivenSessions.ranges(new LinkedHashSet<>(List.of(9, 0, 2, 1, 3, 5, 8, 7))));
        assertEquals("4", DrivenSessions.ranges(Set.of(4)));
        assertEquals("1, 3", DrivenSessions.ranges(Set.of(3, 1)));
        assertEquals("0-989", DrivenSessions.ranges(IntStream.range(0, 990).boxed().collect(Collectors.toSet())));
        assertEquals("", DrivenSessions.ranges(Set.of()));
    }

    @Test
    void rangesAreShortenedPastAFewHundredCharacters() {
        String every = DrivenSessions.ranges(IntStream.range(0, 5000).filter(i -> i % 2 == 0).boxed()
                .collect(Collectors.toSet()));
        assertTrue(every.startsWith("0, 2, 4, 6"), every);
        assertTrue(every.endsWith(", …"), every);
        assertTrue(every.length() < 320, every.length() + " characters");
    }

    @Test
    void withoutSessionsTheFirstReadyOnesAreChosenByItemIndexAndTheRestCounted() {
        DrivenSessions.Choice choice = DrivenSessions.choose(Fixtures.ID, Fixtures.status("completed"), null, 2);
        assertEquals(List.of(0, 1), choice.sessions().stream().map(DrivenSessions.Driven::itemIndex).toList(),
                "sorted, though the API lists item 2 first");
        assertEquals("a1b2c3d4-0000-4000-8000-000000000000", choice.sessions().get(0).id().value());
        assertEquals(1, choice.readyNotDriven());
    }

    @Test
    void requestedIndexesKeepTheirOrder() {
        assertEquals(List.of(2, 0), DrivenSessions.requested(Map.of("sessions", List.of(2, 0.0)), 10));
        DrivenSessions.Choice choice = DrivenSessions.choose(new BatchId(Fixtures.BATCH), Fixtures.status("completed"),
                List.of(2, 0), 10);
        assertEquals(List.of(2, 0), choice.sessions().stream().map(DrivenSessions.Driven::itemIndex).toList());
    }
}
