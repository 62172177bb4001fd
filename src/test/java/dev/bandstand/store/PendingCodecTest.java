package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.TaggedUpdate;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingCodecTest {

    @Test
    void tabularDecisionRoundTripsWithPrefixBucketsAndNanoTimes() {
        PendingDecision d = Decisions.tabular("artwork", "e1", "art-3", Duration.ofSeconds(90),
                0.5);

        byte[] raw = PendingCodec.encode(d);
        PendingDecision back = PendingCodec.decode("e1", "artwork", raw);

        assertThat(back).isEqualTo(d);
        assertThat(PendingCodec.state(raw, 0)).isEqualTo(PendingCodec.WAITING);
    }

    @Test
    void bucketsThatAreNotPrefixesAndNonAsciiNamesRoundTrip() {
        List<String> buckets = List.of("évening/télé", "évening", "other", "");
        Slot slot = new Slot("bild-ä", 1.0 / 3, new TabularUpdate("bild-ä", buckets));
        PendingDecision d = new PendingDecision("e2", "artwork", Decisions.T0,
                Decisions.T0.plusMillis(1), 2.5, null, List.of(slot), "x".repeat(300));

        PendingDecision back = PendingCodec.decode("e2", "artwork", PendingCodec.encode(d));

        assertThat(back).isEqualTo(d);
    }

    @Test
    void linearVectorKeepsEveryDoubleBitForBit() {
        PendingDecision d = Decisions.linear("tracks", "e3", "t-1", 1.75);

        PendingDecision back = PendingCodec.decode("e3", "tracks", PendingCodec.encode(d));

        double[] x = ((LinearUpdate) d.slots().get(0).update()).x();
        assertThat(((LinearUpdate) back.slots().get(0).update()).x()).containsExactly(x);
        assertThat(back.weight()).isEqualTo(1.75);
        assertThat(back.defaultReward()).isEqualTo(0.0);
        assertThat(back.log()).isEqualTo("{\"log\":true}");
        assertThat(back.expiresAt()).isEqualTo(d.expiresAt());
    }

    @Test
    void slateKeepsSlotOrderAndProbabilities() {
        PendingDecision d = Decisions.slate("playlist", "e4", List.of("a", "b", "c"),
                Duration.ofMinutes(5), null);

        byte[] raw = PendingCodec.encode(d);

        assertThat(raw[0]).isEqualTo((byte) 3);
        assertThat(PendingCodec.decode("e4", "playlist", raw)).isEqualTo(d);
    }

    @Test
    void taggedSlotsRoundTripWithTheirGroupTrainingFlagAndInnerRecipe() {
        Slot held = new Slot("a", 0.5, new TaggedUpdate("holdout", false,
                new TabularUpdate("a", List.of("evening/tv", "evening", ""))));
        Slot trained = new Slot("b", 0.25, new TaggedUpdate("mode:best", true,
                new LinearUpdate("b", new double[] {1.0, 0.0, -0.5})));
        Slot empty = new Slot("c", 0.25, new TaggedUpdate("v2", true,
                new TabularUpdate("c", List.of())));
        PendingDecision d = new PendingDecision("e6", "playlist", Decisions.T0,
                Decisions.T0.plusSeconds(30), 1.0, 0.0, List.of(held, trained, empty), null);

        PendingDecision back = PendingCodec.decode("e6", "playlist", PendingCodec.encode(d));

        assertThat(back.slots().get(0)).isEqualTo(held);
        assertThat(back.slots().get(2)).isEqualTo(empty);
        TaggedUpdate t = (TaggedUpdate) back.slots().get(1).update();
        assertThat(t.group()).isEqualTo("mode:best");
        assertThat(t.trains()).isTrue();
        assertThat(((LinearUpdate) t.inner()).x()).containsExactly(1.0, 0.0, -0.5);
    }

    @Test
    void theRewardsAppendedAfterTheRecordAreReadPerSlotInEveryNumberFormLuaWrites() {
        PendingDecision d = Decisions.slate("p", "e6", List.of("a", "b", "c", "d"),
                Duration.ofSeconds(1), null);
        ByteBuffer trailer = ByteBuffer.allocate(2 + 6 + 10);
        // cmsgpack: a whole number as an integer, else a float32 when exact, else a float64
        trailer.put((byte) 1).put((byte) 1);
        trailer.put((byte) 3).put((byte) 0xca).putFloat(0.25f);
        trailer.put((byte) 2).put((byte) 0xcb).putDouble(0.3);
        byte[] record = PendingCodec.encode(d);
        byte[] raw = Arrays.copyOf(record, record.length + trailer.capacity());
        System.arraycopy(trailer.array(), 0, raw, record.length, trailer.capacity());

        List<Double> applied = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> PendingCodec.appliedReward(raw, i)).toList();

        assertThat(applied.subList(0, 3)).containsExactly(1.0, 0.3, 0.25);
        assertThat(applied.get(3)).isNaN();
        assertThat(PendingCodec.appliedReward(record, 0)).isNaN();
        assertThat(PendingCodec.decode("e6", "p", raw)).isEqualTo(d);
    }

    @Test
    void moreThan255SlotsAreRefused() {
        List<String> arms = java.util.stream.IntStream.range(0, 256).mapToObj(i -> "a" + i)
                .toList();
        PendingDecision d = Decisions.slate("p", "e5", arms, Duration.ofSeconds(1), null);

        assertThatThrownBy(() -> PendingCodec.encode(d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
    }
}
