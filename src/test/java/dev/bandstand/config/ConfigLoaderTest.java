package dev.bandstand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bandstand.context.Arm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            placements:
              a:
                policy:
                  type: uniform
            """;

    @Test
    void shippedConfigurationLoads() {
        Settings settings = ConfigLoader.load(Path.of("conf", "bandstand.yaml"));

        assertThat(settings.placements()).extracting(PlacementSettings::name)
                .containsExactly("artwork", "playlist");
        PlacementSettings artwork = settings.placement("artwork");
        assertThat(artwork.policy().type()).isEqualTo("thompson");
        assertThat(artwork.buckets()).containsExactly("partOfDay", "device", "activity");
        assertThat(artwork.defaultReward()).isEqualTo(0.0);
        assertThat(artwork.rewardWait()).isEqualTo(Duration.ofMinutes(30));
        assertThat(artwork.arms()).hasSize(4);
        assertThat(artwork.arms().get(0).features().get("tags"))
                .isEqualTo(List.of("ensemble", "smiling-face", "comedy", "bright"));
        PlacementSettings playlist = settings.placement("playlist");
        assertThat(playlist.policy().linear()).isTrue();
        assertThat(playlist.features().context())
                .containsExactly("activity", "partOfDay", "device");
        assertThat(playlist.features().scale()).containsEntry("tempo", 200.0);
        assertThat(playlist.defaultReward()).isNull();
        assertThat(playlist.halfLife()).isEqualTo(Duration.ofDays(7));
        assertThat(playlist.maxCount()).isEqualTo(100);
        assertThat(settings.store().redisUri()).isNull();
    }

    @Test
    void packagedCopyIsTheShippedFile() {
        Settings packaged = ConfigLoader.loadPackaged();

        assertThat(packaged).isEqualTo(ConfigLoader.load(Path.of("conf", "bandstand.yaml")));
    }

    @Test
    void absentKeysTakeTheDocumentedDefaults() {
        Settings settings = ConfigLoader.parse(MINIMAL);

        assertThat(settings.host()).isEqualTo(Defaults.HOST);
        assertThat(settings.port()).isEqualTo(Defaults.PORT);
        assertThat(settings.maxBodyBytes()).isEqualTo(4L << 20);
        assertThat(settings.store()).isEqualTo(new StoreSettings(null, "bandstand",
                Duration.ofSeconds(1), Duration.ofMillis(500), 100_000, Duration.ofSeconds(1)));
        assertThat(settings.store().partitionGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.partsOfDay()).isEqualTo(PartsOfDay.defaults());
        PlacementSettings a = settings.placement("a");
        assertThat(a.rewardMin()).isZero();
        assertThat(a.rewardMax()).isEqualTo(1.0);
        assertThat(a.rewardWait()).isEqualTo(Duration.ofMinutes(30));
        assertThat(a.defaultReward()).isNull();
        assertThat(a.maxCandidates()).isEqualTo(100);
        assertThat(a.maxCount()).isEqualTo(10);
        assertThat(a.backoffMinObservations()).isEqualTo(20);
        assertThat(a.halfLife()).isNull();
        assertThat(a.features()).isEqualTo(new FeatureSettings(32, true, List.of(), Map.of()));
    }

    @Test
    void httpTimeoutsHaveDefaultsAndAreRead() {
        Settings defaults = ConfigLoader.parse(MINIMAL);
        Settings set = ConfigLoader.parse(MINIMAL + "server: {idleTimeout: 90s, bodyTimeout: 5s}");

        assertThat(defaults.timeouts()).isEqualTo(new HttpTimeouts(Duration.ofSeconds(60),
                Duration.ofSeconds(10)));
        assertThat(set.timeouts()).isEqualTo(new HttpTimeouts(Duration.ofSeconds(90),
                Duration.ofSeconds(5)));
        assertThat(ConfigLoader.withOverrides(set, "127.0.0.1", 0, null).timeouts())
                .isEqualTo(set.timeouts());
    }

    @Test
    void largeButAllowedSizesAndDurationsInEveryUnitAreRead() {
        Settings settings = ConfigLoader.parse(MINIMAL
                + "server: {maxBodyBytes: 64MiB}\nstore: {sweepInterval: 3650d}\n");

        assertThat(settings.maxBodyBytes()).isEqualTo(64L << 20);
        assertThat(settings.store().sweepInterval()).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void aRedisValueWithoutSchemeIsShownWithoutItsPassword() {
        Settings base = ConfigLoader.parse(MINIMAL);

        assertThatThrownBy(() -> ConfigLoader.withOverrides(base, null, null, "foo"))
                .hasMessage("--redis: 'foo' is no Redis URI: it needs a scheme, such as"
                        + " redis://127.0.0.1:6379");
        assertThatThrownBy(() -> ConfigLoader.withOverrides(base, null, null,
                "//app:s3cret@cache:6379"))
                .hasMessageContaining("'//***@cache:6379'").hasMessageNotContaining("s3cret");
    }

    @Test
    void valuesInEveryFormAreRead() {
        Settings settings = ConfigLoader.parse("""
                server: {host: 127.0.0.1, port: 0, maxBodyBytes: 512KiB}
                store:
                  redis: {uri: "redis://127.0.0.1:6399/2"}
                  syncInterval: 250ms
                  sweepInterval: 2h
                  rewardBuffer: 70
                  decisionBuffer: 30
                  outboxJournal: /var/lib/bandstand/outbox
                  partitionGrace: 90s
                partsOfDay: {small-hours: 0, day: 7}
                placements:
                  a:
                    policy: {type: epsilon-greedy, epsilon: 0.1, floor: 0}
                    arms: [plain-id, {id: 42, features: {x: 3, kind: Big Box, t: [A_B]}}]
                    reward: {min: -1, max: 5, default: -1, wait: 1d}
                    halfLife: 12h
                """);

        assertThat(settings.maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(settings.store().redisUri()).isEqualTo("redis://127.0.0.1:6399/2");
        assertThat(settings.store().syncInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.store().sweepInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.store().rewardBuffer()).isEqualTo(70);
        assertThat(settings.store().decisionBuffer()).isEqualTo(30);
        assertThat(settings.store().outboxJournal())
                .isEqualTo(Path.of("/var/lib/bandstand/outbox"));
        assertThat(settings.store().partitionGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(ConfigLoader.withOverrides(settings, null, null, "redis://127.0.0.1:7000")
                .store()).extracting(StoreSettings::decisionBuffer, StoreSettings::outboxJournal,
                        StoreSettings::partitionGrace)
                .containsExactly(30, Path.of("/var/lib/bandstand/outbox"),
                        Duration.ofSeconds(90));
        assertThat(settings.partsOfDay().partOf(3)).isEqualTo("small-hours");
        PlacementSettings a = settings.placement("a");
        assertThat(a.policy().params()).containsOnly(Map.entry("epsilon", 0.1),
                Map.entry("floor", 0.0));
        assertThat(a.arms()).containsExactly(Arm.of("plain-id"), new Arm("42",
                Map.of("x", 3.0, "kind", "big-box", "t", List.of("a-b"))));
        assertThat(a.defaultReward()).isEqualTo(-1.0);
        assertThat(a.rewardWait()).isEqualTo(Duration.ofDays(1));
        assertThat(a.halfLife()).isEqualTo(Duration.ofHours(12));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            serevr: {port: 1} | serevr | unknown key
            server: {port: abc} | server.port | whole number
            server: {port: 70000} | server.port | 0..65535
            server: {maxBodyBytes: 2GiB} | server.maxBodyBytes | too large: at most 67108864
            server: {maxBodyBytes: 100GiB} | server.maxBodyBytes | bytes (64MiB), was '100GiB'
            server: {maxBodyBytes: 2PB} | server.maxBodyBytes | byte count
            server: {idleTimeout: 2d} | server.idleTimeout | at most 1d
            server: {idleTimeout: 10s, bodyTimeout: 6s} | server.bodyTimeout | half of
            server: {bodyTimeout: 0s} | server.bodyTimeout | longer than zero
            server: {idleTimeout: 1 minute} | server.idleTimeout | with a unit
            server: {host: 'a b'} | server.host | spaces
            store: {syncInterval: 30} | store.syncInterval | unit
            store: {syncInterval: 99999999999999999d} | store.syncInterval | too large
            store: {sweepInterval: 3651d} | store.sweepInterval | at most 3650d
            store: {prefix: '_x'} | store.prefix | starting with a letter or digit
            store: {commandTimeout: 0ms} | store.commandTimeout | longer than zero
            store: {partitionGrace: 0s} | store.partitionGrace | longer than zero
            store: {partitionGrace: 5} | store.partitionGrace | with a unit
            store: {partitionGrace: 3651d} | store.partitionGrace | at most 3650d
            store: {rewardBuffer: 0} | store.rewardBuffer | 1..
            store: {decisionBuffer: 0} | store.decisionBuffer | 1..
            store: {prefix: 'a:b'} | store.prefix | 1-64
            store: {redis: {uri: 'http://u:secret@h'}} | store.redis.uri | scheme
            store: {redis: {url: 'redis://h'}} | store.redis.url | unknown key
            partsOfDay: {day: 6, late: 6} | partsOfDay.late | as day does
            partsOfDay: {Day: 6} | partsOfDay.Day | lower case
            partsOfDay: {day: 24} | partsOfDay.day | 0..23
            """)
    void topLevelErrorsNameTheirKey(String yaml, String key, String reason) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml + "\n" + MINIMAL));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").contains(reason)
                .doesNotContain("secret").doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            colour: red | placements.a.colour | unknown key
            policy: {type: greedy} | placements.a.policy.type | unknown policy type
            policy: {epsilon: 0.1} | placements.a.policy.type | missing
            policy: {type: epsilon-greedy, epsilon: 1.5} | placements.a.policy.epsilon | in [0, 1]
            policy: {type: epsilon-greedy, epsilon: x} | placements.a.policy.epsilon | number
            policy: {type: ucb1, alpha: 1} | placements.a.policy.alpha | unknown parameter
            policy: {type: ucb1, c: 0} | placements.a.policy.c | > 0
            policy: {type: thompson, draws: 2.5} | placements.a.policy.draws | whole number
            policy: {type: thompson, draws: 100001} | placements.a.policy.draws | 1..100000
            policy: {type: softmax, temperature: -1} | placements.a.policy.temperature | > 0
            policy: {type: linucb, alpha: -0.1} | placements.a.policy.alpha | >= 0
            policy: {type: linucb, lambda: 0} | placements.a.policy.lambda | > 0
            policy: {type: linear-thompson, v: 0} | placements.a.policy.v | > 0
            policy: {type: uniform, floor: 1} | placements.a.policy.floor | [0, 1)
            reward: {min: 1, max: 0} | placements.a.reward.max | greater than
            reward: {default: 2} | placements.a.reward.default | reward range
            reward: {wait: 30 minutes} | placements.a.reward.wait | 30m
            reward: {wait: 99999999999999999d} | placements.a.reward.wait | too large
            features: {scale: {_t: 2}} | placements.a.features.scale._t | start with a letter
            reward: {median: 1} | placements.a.reward.median | unknown key
            maxCandidates: 0 | placements.a.maxCandidates | 1..10000
            maxCount: 101 | placements.a.maxCount | 1..100
            backoffMinObservations: -1 | placements.a.backoffMinObservations | 0..
            halfLife: 0s | placements.a.halfLife | longer than zero
            buckets: [partOfDay, Device] | placements.a.buckets[1] | did you mean
            buckets: ['a/b'] | placements.a.buckets[0] | context feature
            buckets: [device, device] | placements.a.buckets[1] | twice
            arms: [x, y, x] | placements.a.arms[2] | duplicate
            arms: [{id: 'a b'}] | placements.a.arms[0].id | arm ids
            arms: [{features: {x: 1}}] | placements.a.arms[0].id | missing
            arms: [{id: x, features: {t: [{k: v}]}}] | placements.a.arms[0].features.t[0] | string
            arms: [{id: x, features: {t: }}] | placements.a.arms[0].features.t | number
            arms: [{id: x, features: {id: 3}}] | placements.a.arms[0].features.id | id is reserved
            arms: [{id: x, features: {_x: 3}}] | placements.a.arms[0].features._x | letter or
            arms: [y, {id: x, features: {Arm: [a]}}] | placements.a.arms[1].features.Arm | Arm is
            features: {dimensions: 5000} | placements.a.features.dimensions | 1..1024
            features: {scale: {tempo: 0}} | placements.a.features.scale.tempo | > 0
            features: {armId: maybe} | placements.a.features.armId | true or false
            features: {context: [Activity]} | placements.a.features.context[0] | did you mean
            """)
    void placementErrorsNameTheirKey(String line, String key, String reason) {
        String body = line.startsWith("policy:") ? line : "policy: {type: uniform}\n    " + line;
        String yaml = "placements:\n  a:\n    " + body + "\n";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml));

        assertThat(e).as(yaml).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").contains(reason);
    }

    @Test
    void aConfigurationWithoutPlacementsIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.parse("server: {port: 1}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("placements: missing");
        assertThatThrownBy(() -> ConfigLoader.parse(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void slateLargerThanTheCandidatesIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                placements:
                  a: {policy: {type: uniform}, maxCandidates: 5, maxCount: 6}
                """))
                .hasMessageStartingWith("placements.a.maxCount: must not exceed maxCandidates");
    }

    @Test
    void moreArmsThanMaxCandidatesAreRejected() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                placements:
                  a: {policy: {type: uniform}, maxCandidates: 2, maxCount: 1, arms: [x, y, z]}
                """))
                .hasMessage("placements.a.arms: 3 arms, more than maxCandidates (2)");
    }

    @Test
    void aLinearArmFeatureBeyondTheBoundIsRejectedNamingItAndTheBound() {
        String linear = """
                placements:
                  p:
                    policy: {type: linucb}
                    features: {scale: {tempo: 200}}
                    arms:
                      - ok
                      - {id: fast, features: {tempo: %s, energy: %s}}
                """;

        Settings atTheBound = ConfigLoader.parse(linear.formatted("20000", "-100"));

        assertThat(atTheBound.placements().get(0).arms()).hasSize(2);
        assertThatThrownBy(() -> ConfigLoader.parse(linear.formatted("20001", "0.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("placements.p.arms[1].features.tempo: must have magnitude"
                        + " at most 20000 in a linear placement (100 times features.scale.tempo,"
                        + " here 200), was 20001.0");
        assertThatThrownBy(() -> ConfigLoader.parse(linear.formatted("1", "1e9")))
                .hasMessageStartingWith("placements.p.arms[1].features.energy: must have"
                        + " magnitude at most 100 in a linear placement");
        // a tabular placement takes any finite number, as before
        assertThat(ConfigLoader.parse(linear.replace("linucb", "thompson")
                .formatted("1", "1e9")).placements()).hasSize(1);
    }

    @Test
    void duplicateKeysAndBrokenYamlAreReportedWithTheirLine() {
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "placements: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 5")
                .hasMessageContaining("placements");
        assertThatThrownBy(() -> ConfigLoader.parse("placements: [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not valid YAML at line");
    }

    @Test
    void missingFileIsAConfigError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read")
                .hasMessageContaining("nope.yaml");
    }

    @Test
    void fileOnDiskIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("b.yaml");
        Files.writeString(file, MINIMAL);

        assertThat(ConfigLoader.load(file).placement("a")).isNotNull();
    }

    @Test
    void overridesReplaceHostPortAndRedis() {
        Settings base = ConfigLoader.parse(MINIMAL);

        Settings s = ConfigLoader.withOverrides(base, "127.0.0.1", 0, "redis://127.0.0.1:7000");

        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isZero();
        assertThat(s.store().redisUri()).isEqualTo("redis://127.0.0.1:7000");
        assertThat(s.placements()).isEqualTo(base.placements());
        assertThat(ConfigLoader.withOverrides(base, null, null, null)).isEqualTo(base);
    }

    @Test
    void redisUriWithoutPortOrWithAnImpossibleOneIsRefused() {
        Settings base = ConfigLoader.parse(MINIMAL);

        for (String uri : new String[] {"redis://127.0.0.1", "rediss://127.0.0.1/2",
                "redis://127.0.0.1:99999", "redis://127.0.0.1:notaport",
                "redis://u:p@127.0.0.1:x/0", "redis://127.0.0.1:", "redis://localhost:abc",
                "redis://127.0.0.1:7000,127.0.0.1", "redis://127.0.0.1:7000,127.0.0.1:0",
                "redis-sentinel://127.0.0.1#main", "rediss-cluster://127.0.0.1"}) {
            assertThatThrownBy(() -> ConfigLoader.withOverrides(base, null, null, uri))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("--redis")
                    .hasMessageContaining("needs a port");
            // and so is any store made in code, whatever path it came by
            assertThatThrownBy(() -> new StoreSettings(uri, "p", Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 10, Duration.ofSeconds(1)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("needs a port");
        }
    }

    @Test
    void redisUrisWithAPortAfterEveryHostAreAccepted() {
        Settings base = ConfigLoader.parse(MINIMAL);

        for (String uri : new String[] {"redis://127.0.0.1:7000",
                "redis://u:p@127.0.0.1:7000,127.0.0.1:7001/0", "rediss://[::1]:6380",
                "redis-sentinel://127.0.0.1:26379#mymaster"}) {
            assertThat(ConfigLoader.withOverrides(base, null, null, uri).store().redisUri())
                    .isEqualTo(uri);
        }
    }

    @Test
    void redisOverrideOfNoneOrEmptyChoosesTheInMemoryStore() {
        Settings redis = ConfigLoader.withOverrides(ConfigLoader.parse(MINIMAL), null, null,
                "redis://127.0.0.1:7000");

        assertThat(ConfigLoader.withOverrides(redis, null, null, "none").store().redisUri())
                .isNull();
        assertThat(ConfigLoader.withOverrides(redis, null, null, "").store().redisUri())
                .isNull();
    }

    @Test
    void clusterAndSentinelUrisMayListSeveralNodes() {
        Settings base = ConfigLoader.parse(MINIMAL);
        String cluster = "redis-cluster://127.0.0.1:7000,127.0.0.1:7001";
        String sentinel = "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#main";

        Settings s = ConfigLoader.withOverrides(base, null, null, cluster);
        Settings t = ConfigLoader.withOverrides(base, null, null, sentinel);

        assertThat(s.store().redisUri()).isEqualTo(cluster);
        assertThat(t.store().redisUri()).isEqualTo(sentinel);
    }

    @Test
    void theOutboxJournalIsOffUnlessNamedAndTheOptionOverridesTheFile() {
        Settings base = ConfigLoader.parse(MINIMAL);
        Settings none = ConfigLoader.parse(MINIMAL + "store: {outboxJournal: none}\n");
        Settings empty = ConfigLoader.parse(MINIMAL + "store: {outboxJournal: ''}\n");
        Settings named = ConfigLoader.parse(MINIMAL + "store: {outboxJournal: journal}\n");

        Settings overridden = ConfigLoader.withOverrides(named, null, null, null, "/srv/j");
        Settings off = ConfigLoader.withOverrides(named, null, null, null, "none");

        assertThat(List.of(base, none, empty)).extracting(s -> s.store().outboxJournal())
                .containsOnlyNulls();
        assertThat(named.store().outboxJournal()).isEqualTo(Path.of("journal"));
        assertThat(overridden.store().outboxJournal()).isEqualTo(Path.of("/srv/j"));
        assertThat(off.store().outboxJournal()).isNull();
        assertThat(ConfigLoader.withOverrides(named, null, null, null, null)).isEqualTo(named);
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL
                + "store: {outboxJournal: [a, b]}\n"))
                .hasMessageStartingWith("store.outboxJournal: ");
    }

    @Test
    void badOverridesNameTheOption() {
        Settings base = ConfigLoader.parse(MINIMAL);

        assertThatThrownBy(() -> ConfigLoader.withOverrides(base, null, 65_536, null))
                .hasMessageStartingWith("--port: ");
        assertThatThrownBy(() -> ConfigLoader.withOverrides(base, null, null, "tcp://h:1"))
                .hasMessageStartingWith("--redis: scheme");
    }
}
