package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.JournalFixtures.crashImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxJournalTest {

    @TempDir
    Path dir;

    private final List<OutboxJournal> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (OutboxJournal j : opened) {
            j.close().get(10, TimeUnit.SECONDS);
        }
    }

    private OutboxJournal open(Path where) throws IOException {
        return open(where, OutboxJournal.COMPACT_BYTES);
    }

    private OutboxJournal open(Path where, long compactBytes) throws IOException {
        OutboxJournal j = OutboxJournal.open(where, compactBytes);
        opened.add(j);
        return j;
    }

    private static Outbox.Decision decision(String id, boolean clientId) {
        PendingDecision d = Decisions.tabular("artwork", id, "a1", Duration.ofMinutes(30), 0.0);
        return new Outbox.Decision(d, PendingCodec.encode(d), clientId);
    }

    private static Outbox.Reward reward(String id, String arm, double value) {
        return new Outbox.Reward(id, arm, value, T0.plusNanos(7));
    }

    private static void await(CompletableFuture<?> f) throws Exception {
        f.get(10, TimeUnit.SECONDS);
    }

    private static String describe(List<Outbox.Op> ops) {
        return ops.stream().map(op -> op instanceof Outbox.Decision d
                ? "decision " + d.eventId() + " " + d.clientId() + " " + d.decision()
                : op.toString()).toList().toString();
    }

    @Test
    void entriesOnTheDiskComeBackAfterACrashInOrderAndUnchanged() throws Exception {
        OutboxJournal journal = open(dir.resolve("j"));
        List<Outbox.Op> ops = List.of(decision("e1", false), reward("e1", null, 1.0),
                decision("e2", true), reward("e2", "a1", 0.1 + 0.2));

        for (Outbox.Op op : ops) {
            await(journal.append(op, () -> { }));
        }
        List<Outbox.Op> back = open(crashImage(dir.resolve("j"), dir)).leftovers();

        assertThat(describe(back)).isEqualTo(describe(ops));
        assertThat(((Outbox.Decision) back.get(2)).encoded())
                .isEqualTo(((Outbox.Decision) ops.get(2)).encoded());
        assertThat(((Outbox.Reward) back.get(3)).reward()).isEqualTo(0.1 + 0.2);
        assertThat(journal.leftovers()).isEmpty();
    }

    @Test
    void eachEntrysActionRunsInFileOrderBeforeItsFutureCompletes() throws Exception {
        OutboxJournal journal = open(dir);
        List<String> events = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            String id = "e" + i;
            CompletableFuture<Void> f = journal.append(reward(id, null, 1), () -> {
                synchronized (events) {
                    events.add(id);
                }
            });
            futures.add(f.thenRun(() -> {
                synchronized (events) {
                    assertThat(events).contains(id);
                }
            }));
        }
        for (CompletableFuture<Void> f : futures) {
            await(f);
        }

        assertThat(events).containsExactlyElementsOf(
                Stream.iterate(0, i -> i + 1).limit(50).map(i -> "e" + i).toList());
    }

    @Test
    void entriesHandedOverWhileTheWriterIsBusyShareOneForce() throws Exception {
        OutboxJournal journal = open(dir);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        CompletableFuture<Void> first = journal.append(reward("first", null, 1), () -> {
            entered.countDown();
            try {
                busy.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Void>> rest = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rest.add(journal.append(reward("e" + i, null, 1), () -> { }));
        }
        long forcesBefore = journal.forces();

        busy.countDown();
        await(first);
        for (CompletableFuture<Void> f : rest) {
            await(f);
        }

        assertThat(forcesBefore).isEqualTo(1);
        assertThat(journal.forces()).isEqualTo(2);
        assertThat(open(crashImage(dir, dir)).leftovers()).hasSize(1001);
    }

    @Test
    void aLastLineCutShortIsDroppedWithOneWarningAndLaterEntriesFollowWholeLines()
            throws Exception {
        Path j = dir.resolve("j");
        OutboxJournal journal = open(j);
        await(journal.append(reward("e1", null, 1), () -> { }));
        await(journal.append(reward("e2", null, 1), () -> { }));
        Path image = crashImage(j, dir);
        Path file = image.resolve(OutboxJournal.FILE);
        byte[] third = JournalLines.entry(3, reward("e3", null, 1));
        Files.write(file, java.util.Arrays.copyOf(third, third.length / 2),
                StandardOpenOption.APPEND);

        List<String> warnings;
        OutboxJournal reopened;
        try (JournalFixtures.Log log = new JournalFixtures.Log(OutboxJournal.class)) {
            reopened = open(image);
            warnings = log.messages(Level.WARN);
        }
        await(reopened.append(reward("e4", null, 0), () -> { }));
        await(reopened.close());
        List<Outbox.Op> again = open(crashImage(image, dir)).leftovers();

        assertThat(reopened.leftovers()).extracting(Outbox.Op::eventId)
                .containsExactly("e1", "e2");
        assertThat(warnings).singleElement().asString()
                .contains(file.toString(), "line 3", "cut short");
        assertThat(again).extracting(Outbox.Op::eventId).containsExactly("e1", "e2", "e4");
    }

    @Test
    void aCorruptLineAmongOthersIsSkippedWithAWarningNamingFileAndLine() throws Exception {
        Path file = dir.resolve(OutboxJournal.FILE);
        byte[] second = JournalLines.entry(2, reward("e2", null, 1));
        second[20] = (byte) (second[20] == 'x' ? 'y' : 'x');
        Files.write(file, concat(JournalLines.entry(1, reward("e1", null, 1)), second,
                "not a journal line\n".getBytes(StandardCharsets.UTF_8),
                JournalLines.entry(3, reward("e3", null, 1))));

        List<String> warnings;
        OutboxJournal journal;
        try (JournalFixtures.Log log = new JournalFixtures.Log(OutboxJournal.class)) {
            journal = open(dir);
            warnings = log.messages(Level.WARN);
        }

        assertThat(journal.leftovers()).extracting(Outbox.Op::eventId)
                .containsExactly("e1", "e3");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains(file.toString(), "line 2 is corrupt",
                "checksum mismatch");
        assertThat(warnings.get(1)).contains(file.toString(), "line 3 is corrupt");
    }

    @Test
    void entriesReportedWrittenAreSkippedAtTheNextStartAndTheFileGoesOnceAllAre()
            throws Exception {
        OutboxJournal journal = open(dir);
        for (int i = 1; i <= 3; i++) {
            await(journal.append(reward("e" + i, null, 1), () -> { }));
        }

        journal.written(2);
        await(journal.append(reward("e4", null, 1), () -> { }));
        List<Outbox.Op> afterTwo = open(crashImage(dir, dir)).leftovers();
        journal.written(2);
        await(journal.append(reward("e5", null, 1), () -> { }));
        journal.written(1);
        await(journal.close());

        assertThat(afterTwo).extracting(Outbox.Op::eventId).containsExactly("e3", "e4");
        assertThat(dir.resolve(OutboxJournal.FILE)).doesNotExist();
    }

    @Test
    void theWrittenPartIsCompactedAwayOnceItOutgrowsTheRest() throws Exception {
        Path file = dir.resolve(OutboxJournal.FILE);
        OutboxJournal journal = open(dir, 1000);
        for (int i = 0; i < 40; i++) {
            await(journal.append(reward("e" + i, null, 1), () -> { }));
        }
        long full = Files.size(file);

        journal.written(30);
        await(journal.append(reward("e40", null, 1), () -> { }));
        long compacted = Files.size(file);
        List<Outbox.Op> left = open(crashImage(dir, dir)).leftovers();
        await(journal.append(reward("e41", null, 1), () -> { }));
        List<Outbox.Op> later = open(crashImage(dir, dir)).leftovers();

        assertThat(compacted).isLessThan(full / 2);
        assertThat(left).extracting(Outbox.Op::eventId).containsExactlyElementsOf(
                Stream.iterate(30, i -> i + 1).limit(11).map(i -> "e" + i).toList());
        assertThat(later).hasSize(12).last().extracting(Outbox.Op::eventId).isEqualTo("e41");
        assertThat(dir.resolve(OutboxJournal.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void aWriteThatFailsFailsItsEntriesWarnsOnceAndTheJournalWorksOnceTheCauseIsGone()
            throws Exception {
        Path j = dir.resolve("j");
        OutboxJournal journal = open(j);
        // the directory replaced by a file: the journal cannot create its file there
        RedisServers.deleteTree(j);
        Files.writeString(j, "in the way");

        List<String> lines;
        Throwable first;
        Throwable second;
        try (JournalFixtures.Log log = new JournalFixtures.Log(OutboxJournal.class)) {
            first = failure(journal.append(reward("e1", null, 1), () -> { }));
            second = failure(journal.append(reward("e2", null, 1), () -> { }));
            Files.delete(j);
            Files.createDirectory(j);
            await(journal.append(reward("e3", null, 1), () -> { }));
            lines = log.messages(Level.INFO);
        }

        assertThat(first).isInstanceOf(IOException.class);
        assertThat(second).isInstanceOf(IOException.class);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("Outbox journal " + j.resolve(OutboxJournal.FILE)
                + " cannot be written").contains("rewards are refused with 503");
        assertThat(lines.get(1)).endsWith("is written again");
        assertThat(open(crashImage(j, dir)).leftovers()).extracting(Outbox.Op::eventId)
                .containsExactly("e3");
    }

    @Test
    void aJournalRemovedWhileOpenFailsEveryWriteUntilWhatItHeldIsWrittenToRedis()
            throws Exception {
        Path j = dir.resolve("j");
        OutboxJournal journal = open(j);
        await(journal.append(reward("e1", null, 1), () -> { }));
        // someone removes the directory while the outage buffer holds e1
        RedisServers.deleteTree(j);

        Throwable removed = failure(journal.append(reward("e2", null, 1), () -> { }));
        Files.createDirectories(j);
        Throwable lost = failure(journal.append(reward("e3", null, 1), () -> { }));
        // e1, the one entry the journal held, is written to Redis: the journal starts afresh
        journal.written(1);
        await(journal.append(reward("e4", null, 1), () -> { }));

        assertThat(removed).isInstanceOf(IOException.class)
                .hasMessageContaining("removed or replaced while open");
        assertThat(lost).isInstanceOf(IOException.class)
                .hasMessageContaining("no longer on disk");
        assertThat(open(crashImage(j, dir)).leftovers()).extracting(Outbox.Op::eventId)
                .containsExactly("e4");
    }

    @Test
    void aSecondProcessCannotOpenAJournalInUse() throws Exception {
        open(dir);

        assertThatThrownBy(() -> open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("in use by another process");
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the entry was written");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
