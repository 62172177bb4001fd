package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.TabularUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ring of recent decisions against a reference model that lays entries out the same way
 * (positions, padding at the end of the array, oldest dropped first) in plain collections:
 * across many wrap-arounds, with decisions held again, logs dropped, entries too large to hold,
 * and ids whose hashes collide (crafted, and through an index of a few slots).
 */
class RecentDecisionsWrapAroundTest {

    private static final int RING = 16 << 10;
    private static final List<String> PLACEMENTS = List.of("artwork", "tracks", "playlist");

    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    @ParameterizedTest(name = "at most {0} entries (0: as the ring allows), seed {1}")
    @CsvSource({"0, 1", "0, 2", "5, 3", "40, 4"})
    void whatIsHeldIsExactlyWhatTheModelHolds(int maxEntries, long seed) {
        RecentDecisions recent = maxEntries == 0 ? new RecentDecisions(RING)
                : new RecentDecisions(RING, maxEntries);
        Model model = new Model(maxEntries == 0 ? RING / RecentDecisions.SMALLEST_AVERAGE_ENTRY
                : maxEntries);
        List<String> ids = ids();
        Random random = new Random(seed);

        for (int step = 0; step < 20_000; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            int op = random.nextInt(10);
            if (op < 7) {
                PendingDecision d = decision(id, step, random);
                recent.put(d);
                model.put(d);
            } else if (op < 9) {
                recent.dropLog(id);
                model.dropLog(id);
            }
            assertThat(recent.get(id)).as("step %d, %s", step, id).isEqualTo(model.get(id));
            if (step % 97 == 0) {
                for (String any : ids) {
                    assertThat(recent.get(any)).as("step %d, %s", step, any)
                            .isEqualTo(model.get(any));
                    assertThat(recent.holds(any)).isEqualTo(model.get(any) != null);
                }
            }
        }

        assertThat(model.head / RING).as("wrap-arounds").isGreaterThan(50);
        assertThat(model.dropped).as("entries dropped while still newest").isGreaterThan(1000);
        assertThat(model.tooLarge).as("entries too large to hold").isGreaterThan(100);
    }

    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    @Test
    void severalThreadsEachFindTheirNewestDecisionOrNone() throws Exception {
        RecentDecisions recent = new RecentDecisions(RING, 50);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> found = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            found.add(pool.submit(worker(recent, thread, start)));
        }

        start.countDown();
        int total = 0;
        for (Future<Integer> f : found) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(total).as("decisions found").isGreaterThan(threads * 1000);
    }

    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    @Test
    void readersOfAnIdHeldAgainAndAgainNeverSeeAnOlderOneThanTheyOrTheWriterSawBefore()
            throws Exception {
        RecentDecisions recent = new RecentDecisions(RING, 50);
        int readers = 3;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Integer>> reads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            reads.add(pool.submit(reader(recent, writing, start)));
        }
        Future<?> writer = pool.submit(() -> {
            start.await();
            Random random = new Random(7);
            for (int version = 0; version < 5_000; version++) {
                PendingDecision d = decision("x", version, random);
                recent.put(d);
                PendingDecision got = recent.get("x");
                if (got != null) {
                    // null when too large, or the readers' decisions pushed it out already
                    assertThat(got).isEqualTo(d);
                }
            }
            writing.set(false);
            return null;
        });

        start.countDown();
        writer.get(60, TimeUnit.SECONDS);
        int seen = 0;
        for (Future<Integer> f : reads) {
            seen += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(seen).as("reads that found a decision").isGreaterThan(readers);
    }

    /** Reads "x" until the writer is done, and other ids; returns how many reads found x. */
    private static Callable<Integer> reader(RecentDecisions recent, AtomicBoolean writing,
            CountDownLatch start) {
        return () -> {
            start.await();
            Random random = new Random();
            int last = -1;
            int found = 0;
            while (writing.get()) {
                PendingDecision got = recent.get("x");
                if (got != null) {
                    int version = Integer.parseInt(got.slots().get(0).armId().substring(4));
                    assertThat(version).isGreaterThanOrEqualTo(last);
                    last = version;
                    found++;
                }
                recent.put(decision("r" + random.nextInt(100), 0, random));
            }
            return found;
        };
    }

    /** Puts, drops logs of and reads ids of its own; returns how many reads found one. */
    private static Callable<Integer> worker(RecentDecisions recent, int thread,
            CountDownLatch start) {
        return () -> {
            Random random = new Random(thread);
            Map<String, PendingDecision> newest = new HashMap<>();
            int found = 0;
            start.await();
            for (int step = 0; step < 20_000; step++) {
                String id = "t" + thread + "-" + random.nextInt(40);
                if (random.nextInt(3) == 0) {
                    PendingDecision d = decision(id, step, random);
                    recent.put(d);
                    newest.put(id, d);
                } else if (random.nextInt(10) == 0 && newest.containsKey(id)) {
                    recent.dropLog(id);
                    newest.put(id, newest.get(id).withoutLog());
                }
                PendingDecision got = recent.get(id);
                if (got != null) {
                    assertThat(got).isEqualTo(newest.get(id));
                    found++;
                }
                String others = "t" + random.nextInt(4) + "-" + random.nextInt(40);
                PendingDecision theirs = recent.get(others);
                assertThat(theirs == null || theirs.eventId().equals(others)).isTrue();
            }
            return found;
        };
    }

    /** Ids of two to six characters, sixteen of them with one String hash ("Aa", "BB"). */
    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            StringBuilder b = new StringBuilder();
            for (int bit = 0; bit < 4; bit++) {
                b.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(b.toString());
        }
        for (int i = 0; i < 150; i++) {
            ids.add("e" + i);
        }
        return ids;
    }

    /**
     * A one-slot decision naming {@code version} in its arm, with a log of random length: a
     * tenth of them too large for their share of the ring.
     */
    private static PendingDecision decision(String id, int version, Random random) {
        String arm = "arm-" + version;
        Slot slot = new Slot(arm, 0.25, new TabularUpdate(arm, Decisions.BUCKETS));
        int share = RING / RecentDecisions.LARGEST_ENTRY_DIVISOR;
        int logChars = random.nextInt(10) == 0 ? share : random.nextInt(share / 2);
        String log = random.nextBoolean() ? null : "u:\n" + "x".repeat(logChars);
        return new PendingDecision(id, PLACEMENTS.get(random.nextInt(PLACEMENTS.size())),
                Decisions.T0, Decisions.T0.plusSeconds(1 + random.nextInt(600)), 1.0, null,
                List.of(slot), log);
    }

    /** Entries in the order written, laid out as the ring lays them; the newest per id. */
    private static final class Model {
        private final int maxEntries;
        private final int largest = RING / RecentDecisions.LARGEST_ENTRY_DIVISOR;
        private final Deque<Entry> window = new ArrayDeque<>();
        private final Map<String, Entry> newest = new HashMap<>();
        long head;
        int dropped;
        int tooLarge;

        private record Entry(PendingDecision decision, long start) {
        }

        Model(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        void put(PendingDecision d) {
            newest.remove(d.eventId());
            int bytes = (int) RecordRing.entryBytes(d.eventId().length(),
                    PendingCodec.encode(d).length);
            if (bytes > largest) {
                tooLarge++;
                return;
            }

            long start = head % RING + bytes > RING ? head + RING - head % RING : head;
            while (!window.isEmpty() && (start + bytes - window.peekFirst().start() > RING
                    || newest.size() >= maxEntries)) {
                Entry old = window.removeFirst();
                if (newest.remove(old.decision().eventId(), old)) {
                    dropped++;
                }
            }
            Entry entry = new Entry(d, start);
            window.addLast(entry);
            newest.put(d.eventId(), entry);
            head = start + bytes;
        }

        void dropLog(String id) {
            Entry e = newest.get(id);
            if (e != null && e.decision().log() != null) {
                put(e.decision().withoutLog());
            }
        }

        PendingDecision get(String id) {
            Entry e = newest.get(id);
            return e == null ? null : e.decision();
        }
    }
}
