package dev.bandstand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecisionLogConfigTest {

    private static final String PLACEMENTS = """
            placements:
              a:
                policy:
                  type: uniform
            """;

    @Test
    void decisionLogIsOffAndWithoutSecretByDefault() {
        Settings settings = ConfigLoader.parse(PLACEMENTS);

        assertThat(settings.decisionLog()).isEqualTo(DecisionLogSettings.OFF);
        assertThat(settings.decisionLog().on()).isFalse();
        assertThat(settings.privacy().userIdSecret()).isNull();
    }

    @Test
    void decisionLogSectionIsRead() {
        Settings settings = ConfigLoader.parse("""
                decisionLog:
                  dir: /var/lib/bandstand/log
                  rotation: size
                  maxBytes: 1MiB
                  retention: 7d
                  queue: 500
                privacy:
                  userIdSecret: 0123456789abcdef0123
                """ + PLACEMENTS);

        DecisionLogSettings log = settings.decisionLog();
        assertThat(log.directory()).isEqualTo(Path.of("/var/lib/bandstand/log"));
        assertThat(log.rotation()).isEqualTo(Rotation.SIZE);
        assertThat(log.maxBytes()).isEqualTo(1 << 20);
        assertThat(log.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(log.queueCapacity()).isEqualTo(500);
        assertThat(settings.privacy().userIdSecret()).isEqualTo("0123456789abcdef0123");
        assertThat(settings.privacy().toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void unknownRotationNamesItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                decisionLog:
                  dir: log
                  rotation: weekly
                """ + PLACEMENTS)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("decisionLog.rotation");
    }

    @Test
    void overridesKeepTheDecisionLog() {
        Settings settings = ConfigLoader.parse("decisionLog: {dir: log}\n" + PLACEMENTS);

        Settings overridden = ConfigLoader.withOverrides(settings, "127.0.0.1", 0, null);

        assertThat(overridden.decisionLog().directory()).isEqualTo(Path.of("log"));
    }
}
