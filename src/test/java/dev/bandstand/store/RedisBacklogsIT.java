package dev.bandstand.store;

import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The marks of instances writing an outage backlog, on a real redis-server: live for every
 * instance from the mark until its writer clears it, one member per instance however often
 * renewed, and a mark past its lifetime (its writer died) counts for nothing.
 */
class RedisBacklogsIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final Duration TIMEOUT = Duration.ofMillis(500);

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
        return new Backlogs(link.commands(), new RedisScripts(), keys, TIMEOUT);
    }

    @Test
    void aMarkIsLiveForEveryInstanceUntilItsWriterClearsIt() {
        Backlogs writer = backlogs();
        Backlogs other = backlogs();

        String before = await(other.live(null));
        await(writer.mark());
        String during = await(other.live(null));
        await(writer.mark());
        String members = REDIS.server().cli("zrange", keys.backlogs(), "0", "-1");
        await(writer.clear());
        String after = await(other.live(null));

        assertThat(before).isNull();
        assertThat(during).isEqualTo(writer.instance());
        assertThat(members).isEqualTo(writer.instance());
        assertThat(after).isNull();
        assertThat(REDIS.server().cli("exists", keys.backlogs())).isEqualTo("0");
    }

    @Test
    void aMarkPastItsLifetimeCountsForNothingAndTheNextMarkRemovesIt() {
        REDIS.server().cli("zadd", keys.backlogs(), "1000", "died-while-writing");
        Backlogs writer = backlogs();

        String lapsed = await(writer.live(null));
        await(writer.mark());
        String members = REDIS.server().cli("zrange", keys.backlogs(), "0", "-1");
        long score = Long.parseLong(REDIS.server().cli("zscore", keys.backlogs(),
                writer.instance()));
        List<Long> time = Arrays.stream(REDIS.server().cli("time").split("\\s+"))
                .map(Long::parseLong).toList();
        long serverNowMs = time.get(0) * 1000 + time.get(1) / 1000;

        assertThat(lapsed).isNull();
        assertThat(members).isEqualTo(writer.instance());
        // a mark lasts the longer of ten command timeouts and Backlogs.SHORTEST_MARK: 10 s
        assertThat(score - serverNowMs).isBetween(8_000L, 10_000L);
        assertThat(Backlogs.lifetime(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(30));
    }
}
