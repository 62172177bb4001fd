package dev.bandstand.simulation.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingDecisionLogTest {

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void withoutRotationEveryLineGoesToOneFilePerPlacement(@TempDir Path dir) throws Exception {
        try (RotatingDecisionLog log = new RotatingDecisionLog(dir, "artwork",
                RotatingDecisionLog.Rotation.NONE, 0, Clock.systemUTC())) {
            log.append(DsJsonTest.decision("e1", 1.0));
            log.append(DsJsonTest.decision("e2", 0.0));
        }

        List<LoggedDecision> back = new DsJsonReader().read(dir.resolve("artwork.dsjson"));

        assertThat(back).extracting(LoggedDecision::eventId).containsExactly("e1", "e2");
    }

    @Test
    void dailyRotationStartsANewFileEachUtcDay(@TempDir Path dir) throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2024-03-10T23:59:00Z"));
        try (RotatingDecisionLog log = new RotatingDecisionLog(dir, "artwork",
                RotatingDecisionLog.Rotation.DAILY, 0, clock)) {
            log.appendLine("{\"n\":1}");
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            log.appendLine("{\"n\":2}");
        }

        assertThat(Files.readAllLines(dir.resolve("artwork-2024-03-10.dsjson")))
                .containsExactly("{\"n\":1}");
        assertThat(Files.readAllLines(dir.resolve("artwork-2024-03-11.dsjson")))
                .containsExactly("{\"n\":2}");
    }

    @Test
    void sizeRotationMovesOnWhenTheNextLineWouldPassTheLimit(@TempDir Path dir)
            throws Exception {
        // each line is 10 bytes with its newline; limit 25 bytes -> two lines per file
        try (RotatingDecisionLog log = new RotatingDecisionLog(dir, "tracks",
                RotatingDecisionLog.Rotation.SIZE, 25, Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                log.appendLine("{\"n\":" + i + "000}");
            }
        }

        assertThat(Files.readAllLines(dir.resolve("tracks-0.dsjson"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("tracks-1.dsjson"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("tracks-2.dsjson"))).hasSize(1);
    }

    @Test
    void aLineCutByAFailedWriteStaysALineOfItsOwn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("artwork.dsjson"), "{\"n\":1}\n{\"cut\":");

        try (RotatingDecisionLog log = new RotatingDecisionLog(dir, "artwork",
                RotatingDecisionLog.Rotation.NONE, 0, Clock.systemUTC())) {
            log.appendLine("{\"n\":2}");
        }

        assertThat(Files.readAllLines(dir.resolve("artwork.dsjson")))
                .containsExactly("{\"n\":1}", "{\"cut\":", "{\"n\":2}");
    }

    @Test
    void aFileThatCannotBeOpenedIsOpenedAgainAtTheNextAppend(@TempDir Path dir)
            throws Exception {
        Path logs = dir.resolve("logs");
        MovableClock clock = new MovableClock(Instant.parse("2024-03-10T12:00:00Z"));
        try (RotatingDecisionLog log = new RotatingDecisionLog(logs, "artwork",
                RotatingDecisionLog.Rotation.DAILY, 0, clock)) {
            log.appendLine("{\"n\":1}");
            // the directory gives way to a file, so the next day's file cannot be created
            Files.move(logs, dir.resolve("moved"));
            Files.writeString(logs, "not a directory");
            clock.now = clock.now.plus(Duration.ofDays(1));

            assertThatThrownBy(() -> log.appendLine("{\"n\":2}"))
                    .isInstanceOf(IOException.class);
            Files.delete(logs);
            log.appendLine("{\"n\":3}");
        }

        assertThat(Files.readAllLines(logs.resolve("artwork-2024-03-11.dsjson")))
                .containsExactly("{\"n\":3}");
    }

    @Test
    void aPlacementNameThatIsNoSafeFileNameIsRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> new RotatingDecisionLog(dir, "../etc",
                RotatingDecisionLog.Rotation.NONE, 0, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../etc");
    }
}
