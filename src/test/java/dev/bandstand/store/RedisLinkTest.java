package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisLinkTest {

    @Test
    void clusterSeedsShareTheFirstSeedsCredentials() {
        List<RedisURI> seeds = RedisLink.seeds("redis-cluster://app:secret@10.0.0.1:7000,"
                + "10.0.0.2:7001");

        assertThat(seeds).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001);
        assertThat(seeds).allSatisfy(u -> {
            RedisCredentials c = u.getCredentialsProvider().resolveCredentials().block();
            assertThat(c.getUsername()).isEqualTo("app");
            assertThat(c.getPassword()).containsExactly("secret".toCharArray());
            assertThat(u.isSsl()).isFalse();
        });
    }

    @Test
    void tlsClusterSeedsUseTls() {
        assertThat(RedisLink.seeds("rediss-cluster://h:7000")).singleElement()
                .satisfies(u -> assertThat(u.isSsl()).isTrue());
    }

    @Test
    void anEmptySeedIsRefused() {
        assertThatThrownBy(() -> RedisLink.seeds("redis-cluster://h:7000,,h:7001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty cluster seed");
    }

    @Test
    void logsNeverShowCredentials() {
        assertThat(RedisLink.redact("rediss://user:pw@cache:6380/1"))
                .isEqualTo("rediss://***@cache:6380/1");
        assertThat(RedisLink.redact("redis://cache:6379")).isEqualTo("redis://cache:6379");
    }
}
