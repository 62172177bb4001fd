package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpiryQueueTest {

    @Test
    void pollsInTheOrderOfAPriorityQueueWhateverTheArrivalOrder() {
        // mostly increasing keys with a few late ones, interleaved adds and polls
        SplittableRandom random = new SplittableRandom(3);
        ExpiryQueue<Integer> queue = new ExpiryQueue<>(Comparator.naturalOrder());
        PriorityQueue<Integer> reference = new PriorityQueue<>();
        List<Integer> got = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        int clock = 0;

        for (int step = 0; step < 20_000; step++) {
            clock += random.nextInt(3);
            int key = random.nextInt(10) == 0 ? clock - random.nextInt(50) : clock;
            queue.add(key);
            reference.add(key);
            if (random.nextInt(3) == 0) {
                got.add(queue.poll());
                expected.add(reference.poll());
                assertThat(queue.peek()).isEqualTo(reference.peek());
            }
        }
        while (!reference.isEmpty()) {
            got.add(queue.poll());
            expected.add(reference.poll());
        }

        assertThat(got).isEqualTo(expected);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
    }
}
