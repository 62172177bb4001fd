package dev.bandstand.store;

import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The marks of instances writing an outage backlog and the instances' heartbeats, on a real
 * redis-server. A mark is live for every instance from the mark until its writer clears it,
 * one member per instance however often renewed, and a mark past its lifetime (its writer
 * died) counts for nothing. Another instance's heartbeat that lapsed within the partition
 * grace is named when no mark is live; one's own, a live one, or one that lapsed longer ago
 * is not, and a beat removes the last kind.
 */
class RedisBacklogsIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration GRACE = Duration.ofMinutes(1);

    private RedisLink link;
    private final RedisKeys keys = new RedisKeys("bl");

    @BeforeEach
    void open() {
        link = RedisLink.open(REDIS.uri(), TIMEOUT).toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        link.close().toCompletableFuture().join();
        REDIS.flushAll();
    }

    private Backlogs backlogs() {
        return new Backlogs(link.commands(), new RedisScripts(), keys, TIMEOUT, GRACE);
    }

    /** Epoch milliseconds by the Redis server's clock. */
    private static long serverNowMs() {
        List<Long> time = Arrays.stream(REDIS.server().cli("time").split("\\s+"))
                .map(Long::parseLong).toList();
        return time.get(0) * 1000 + time.get(1) / 1000;
    }

    /** Adds a heartbeat for {@code instance} that lapses {@code fromNowMs} from now. */
    private void heartbeat(String instance, long fromNowMs) {
        REDIS.server().cli("zadd", keys.heartbeats(), Long.toString(serverNowMs() + fromNowMs),
                instance);
    }

    /** Sets when {@code instance} last renewed, {@code agoMs} before the server's now. */
    private void renewal(String instance, long agoMs) {
        REDIS.server().cli("zadd", keys.renewals(), Long.toString(serverNowMs() - agoMs),
                instance);
    }

    @Test
    void anInstanceThatMissedItsRenewalsIsNamedOverdueBeforeItsHeartbeatLapses() {
        Backlogs asking = backlogs();
        // a long command timeout: its heartbeat lives 20 s more, but it stopped renewing
        heartbeat("catching-up", 20_000);
        renewal("catching-up", 3_000);
        heartbeat("running", 2_000);
        renewal("running", 500);
        heartbeat("cut-off", -1_000);

        Backlogs.Holder holder = await(asking.live(null));

        assertThat(holder.instance()).isEqualTo("catching-up");
        assertThat(holder.writing()).isFalse();
        assertThat(holder.overdue()).isTrue();
        assertThat(holder.lapsedMs()).isBetween(3_000L, 4_000L);
    }

    @Test
    void anInstanceRenewedWithinTheOverdueTimeOrLongerAgoThanTheGraceIsNotOverdue() {
        Backlogs asking = backlogs();
        heartbeat("running", 2_000);
        renewal("running", 1_000);
        renewal("long-gone", GRACE.toMillis() + 1_000);
        renewal(asking.instance(), 5_000);

        assertThat(await(asking.live(null))).isNull();
    }

    @Test
    void aBeatRecordsItsRenewalAndTellsWhenTheOthersRenewedAndLeavingRemovesIt() {
        Backlogs first = backlogs();
        Backlogs second = backlogs();
        await(first.beat());
        long before = serverNowMs();
        Backlogs.Beat beat = await(second.beat());

        assertThat(beat.renewedAt()).containsOnlyKeys(first.instance());
        assertThat(beat.renewedAt().get(first.instance())).isBetween(before - 1_000, before);
        assertThat(REDIS.server().cli("zrange", keys.renewals(), "0", "-1").lines())
                .containsExactlyInAnyOrder(first.instance(), second.instance());

        await(first.leave());
        assertThat(REDIS.server().cli("zrange", keys.renewals(), "0", "-1"))
                .isEqualTo(second.instance());
    }

    @Test
    void aMarkIsLiveForEveryInstanceUntilItsWriterClearsIt() {
        Backlogs writer = backlogs();
        Backlogs other = backlogs();

        Backlogs.Holder before = await(other.live(null));
        await(writer.mark());
        Backlogs.Holder during = await(other.live(null));
        await(writer.mark());
        String members = REDIS.server().cli("zrange", keys.backlogs(), "0", "-1");
        await(writer.clear());
        Backlogs.Holder after = await(other.live(null));

        assertThat(before).isNull();
        assertThat(during).isEqualTo(new Backlogs.Holder(writer.instance(), true, 0));
        assertThat(members).isEqualTo(writer.instance());
        assertThat(after).isNull();
        assertThat(REDIS.server().cli("exists", keys.backlogs())).isEqualTo("0");
    }

    @Test
    void aMarkPastItsLifetimeCountsForNothingAndTheNextMarkRemovesIt() {
        REDIS.server().cli("zadd", keys.backlogs(), "1000", "died-while-writing");
        Backlogs writer = backlogs();

        Backlogs.Holder lapsed = await(writer.live(null));
        await(writer.mark());
        String members = REDIS.server().cli("zrange", keys.backlogs(), "0", "-1");
        long score = Long.parseLong(REDIS.server().cli("zscore", keys.backlogs(),
                writer.instance()));
        long serverNowMs = serverNowMs();

        assertThat(lapsed).isNull();
        assertThat(members).isEqualTo(writer.instance());
        // a mark lasts the longer of ten command timeouts and Backlogs.SHORTEST_MARK: 10 s
        assertThat(score - serverNowMs).isBetween(8_000L, 10_000L);
        assertThat(Backlogs.lifetime(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anotherInstancesHeartbeatThatLapsedWithinTheGraceIsNamedWithHowLongAgo() {
        Backlogs asking = backlogs();
        heartbeat("cut-off", -2_000);
        heartbeat("running", 2_000);

        Backlogs.Holder holder = await(asking.live(null));

        assertThat(holder.instance()).isEqualTo("cut-off");
        assertThat(holder.writing()).isFalse();
        assertThat(holder.lapsedMs()).isBetween(2_000L, 3_000L);
    }

    @Test
    void aHeartbeatThatLapsedLongerAgoThanTheGraceOrIsLiveCountsForNothing() {
        Backlogs asking = backlogs();
        heartbeat("long-gone", -GRACE.toMillis() - 1_000);
        heartbeat("running", 2_000);

        Backlogs.Holder holder = await(asking.live(null));

        assertThat(holder).isNull();
    }

    @Test
    void anInstancesOwnLapsedHeartbeatIsPassedOverForAnothersLapsedEarlier() {
        Backlogs asking = backlogs();
        heartbeat(asking.instance(), -1_000);

        Backlogs.Holder alone = await(asking.live(null));
        heartbeat("cut-off", -5_000);
        Backlogs.Holder behind = await(asking.live(null));

        assertThat(alone).isNull();
        assertThat(behind.instance()).isEqualTo("cut-off");
    }

    @Test
    void aMarkIsNamedBeforeALapsedHeartbeat() {
        Backlogs writer = backlogs();
        Backlogs asking = backlogs();
        heartbeat("cut-off", -1_000);

        await(writer.mark());
        Backlogs.Holder holder = await(asking.live(null));

        assertThat(holder).isEqualTo(new Backlogs.Holder(writer.instance(), true, 0));
    }

    @Test
    void aBeatRenewsItsOwnHeartbeatDropsThoseLapsedLongerAgoAndTellsOfTheOthers() {
        Backlogs beating = backlogs();
        heartbeat("cut-off", -1_000);
        heartbeat("running", 2_000);
        heartbeat("long-gone", -GRACE.toMillis() - 1_000);

        Map<String, Long> others = await(beating.beat()).untilMs();
        long serverNowMs = serverNowMs();
        long own = Long.parseLong(REDIS.server().cli("zscore", keys.heartbeats(),
                beating.instance()));
        String members = REDIS.server().cli("zrange", keys.heartbeats(), "0", "-1");

        assertThat(others).containsOnlyKeys("cut-off", "running");
        assertThat(others.get("cut-off")).isBetween(-2_000L, -1_000L);
        assertThat(others.get("running")).isBetween(1_000L, 2_000L);
        // three intervals of 1 s and a command timeout
        assertThat(own - serverNowMs).isBetween(2_500L, 3_500L);
        assertThat(members.lines()).containsExactlyInAnyOrder("cut-off", "running",
                beating.instance());
    }

    @Test
    void leavingRemovesTheHeartbeatAndNothingElse() {
        Backlogs leaving = backlogs();
        Backlogs staying = backlogs();
        await(leaving.beat());
        await(staying.beat());

        await(leaving.leave());
        Map<String, Long> seen = await(staying.beat()).untilMs();

        assertThat(seen).isEmpty();
        assertThat(REDIS.server().cli("zrange", keys.heartbeats(), "0", "-1"))
                .isEqualTo(staying.instance());
    }
}
