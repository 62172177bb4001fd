package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the renewals of the heartbeat log of the other instances: one WARN per lapse however
 * many renewals see it, none while this instance itself came back moments ago, one INFO when
 * the instance beats again or is no longer counted.
 */
class HeartbeatTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RedisStatsStore.class);
    private final Level before = logger.getLevel();
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final AtomicBoolean settled = new AtomicBoolean(true);
    private final Heartbeat heartbeat = new Heartbeat(null, null, Duration.ofMinutes(5),
            () -> true, settled::get, e -> { }, beat -> { });

    @BeforeEach
    void listen() {
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
        logger.setLevel(before);
    }

    /** The lapses in name order: Map.of's order changes from one JVM to the next. */
    private static Map<String, Long> sorted(Object... pairs) {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return out;
    }

    private String lines() {
        return String.join("\n", events.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }

    @Test
    void aLapseIsWarnedOnceAndItsEndOnce() {
        heartbeat.seen(sorted("b-1", 2_000L, "c-1", 2_000L));
        heartbeat.seen(sorted("b-1", -1_500L, "c-1", 2_000L));
        heartbeat.seen(sorted("b-1", -2_500L, "c-1", 2_000L));
        heartbeat.seen(sorted("b-1", 3_000L, "c-1", -60_000L));
        heartbeat.seen(sorted("b-1", 3_000L));

        assertThat(events.list).extracting(ILoggingEvent::getLevel).as(lines())
                .containsExactly(Level.WARN, Level.INFO, Level.WARN, Level.INFO);
        assertThat(events.list.get(0).getFormattedMessage()).contains("Instance b-1",
                "lapsed 1500ms ago", "cut off from Redis", "stopped without shutting down",
                "store.partitionGrace (5m)", "503 EVENT_MAYBE_PENDING");
        assertThat(events.list.get(1).getFormattedMessage())
                .isEqualTo("Instance b-1 renews its heartbeat in Redis again");
        assertThat(events.list.get(2).getFormattedMessage()).contains("Instance c-1",
                "lapsed 1m ago");
        assertThat(events.list.get(3).getFormattedMessage()).contains("Instance c-1",
                "no longer counted");
    }

    @Test
    void aLapseSeenMomentsAfterThisInstanceCameBackWaitsUntilItLasts() {
        settled.set(false);
        heartbeat.seen(sorted("b-1", -1_000L, "c-1", -1_000L));
        heartbeat.seen(sorted("b-1", 2_000L, "c-1", -2_000L));
        String quiet = lines();
        settled.set(true);
        heartbeat.seen(sorted("b-1", 2_000L, "c-1", -3_000L));

        assertThat(quiet).isEmpty();
        assertThat(events.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("Instance c-1", "lapsed 3s ago");
        });
    }

    @Test
    void durationsReadAsTheConfigurationWritesThem() {
        assertThat(Heartbeat.text(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Heartbeat.text(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Heartbeat.text(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(Heartbeat.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Heartbeat.text(Duration.ZERO)).isEqualTo("0ms");
    }
}
