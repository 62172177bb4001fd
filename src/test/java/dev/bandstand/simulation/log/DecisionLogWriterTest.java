package dev.bandstand.simulation.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogWriterTest {

    private static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private DecisionLogWriter writerIn(Path directory, int capacity) {
        return new DecisionLogWriter(directory, RotatingDecisionLog.Rotation.NONE, 1 << 20,
                capacity, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void forgetRewritesEveryFileWithoutThePersonsLinesAndKeepsItsAge() throws Exception {
        DecisionLogWriter w = writerIn(dir, 100);
        w.offer("artwork", () -> "{\"c\":{\"_user\":\"k1\"},\"n\":1}");
        w.offer("artwork", () -> "{\"c\":{\"_user\":\"k2\"},\"n\":2}");
        w.offer("playlist", () -> "{\"c\":{\"_user\":\"k1\"},\"n\":3}");
        w.flush().get();
        FileTime age = FileTime.from(NOW.minus(Duration.ofDays(3)));
        Files.setLastModifiedTime(dir.resolve("artwork.dsjson"), age);

        int erased = w.forget("k1").get();
        int again = w.forget("k1").get();

        assertThat(erased).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(Files.readAllLines(dir.resolve("artwork.dsjson")))
                .containsExactly("{\"c\":{\"_user\":\"k2\"},\"n\":2}");
        assertThat(Files.readAllLines(dir.resolve("playlist.dsjson"))).isEmpty();
        assertThat(Files.getLastModifiedTime(dir.resolve("artwork.dsjson"))).isEqualTo(age);
        w.close();
    }

    @Test
    void filesOlderThanTheRetentionAreDeleted() throws Exception {
        DecisionLogWriter w = writerIn(dir, 100);
        w.offer("old", () -> "{}");
        w.offer("new", () -> "{}");
        w.flush().get();
        Files.setLastModifiedTime(dir.resolve("old.dsjson"),
                FileTime.from(NOW.minus(Duration.ofDays(31))));
        Files.setLastModifiedTime(dir.resolve("new.dsjson"),
                FileTime.from(NOW.minus(Duration.ofDays(29))));

        int deleted = w.deleteOlderThan(Duration.ofDays(30)).get();

        assertThat(deleted).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("old.dsjson"))).isFalse();
        assertThat(Files.exists(dir.resolve("new.dsjson"))).isTrue();
        w.close();
    }

    @Test
    void aFullQueueRefusesAndCountsInsteadOfBlocking() throws Exception {
        DecisionLogWriter w = writerIn(dir, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        // the first line holds the writer thread until the gate opens
        w.offer("a", () -> {
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{\"n\":0}";
        });
        started.await();

        boolean second = w.offer("a", () -> "{\"n\":1}");
        boolean third = w.offer("a", () -> "{\"n\":2}");
        gate.countDown();
        w.flush().get();

        assertThat(second).isTrue();
        assertThat(third).isFalse();
        assertThat(w.refused()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("a.dsjson")))
                .isEqualTo(List.of("{\"n\":0}", "{\"n\":1}"));
        w.close();
    }

    @Test
    void linesLostWhileTheDirectoryIsUnusableAreCountedUntilAWriteSucceeds() throws Exception {
        Path logs = dir.resolve("logs");
        DecisionLogWriter w = writerIn(logs, 100);
        w.offer("a", () -> "{\"n\":0}");
        w.flush().get();
        Files.move(logs, dir.resolve("moved"));
        Files.writeString(logs, "not a directory");

        w.offer("a", () -> "{\"n\":1}");
        w.offer("a", () -> "{\"n\":2}");
        w.flush().get();
        boolean failingThen = w.failing();
        Files.delete(logs);
        w.offer("a", () -> "{\"n\":3}");
        w.flush().get();

        assertThat(failingThen).isTrue();
        assertThat(w.failing()).isFalse();
        assertThat(w.lost()).isEqualTo(2);
        assertThat(Files.readAllLines(logs.resolve("a.dsjson"))).containsExactly("{\"n\":3}");
        w.close();
    }

    @Test
    void prepareCreatesTheDirectoryOrSaysWhyItCannot() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");

        DecisionLogWriter.prepare(dir.resolve("a/b"));

        assertThat(dir.resolve("a/b")).isEmptyDirectory();
        assertThatThrownBy(() -> DecisionLogWriter.prepare(file.resolve("log")))
                .isInstanceOf(IOException.class);
    }
}
