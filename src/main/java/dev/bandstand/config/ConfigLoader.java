package dev.bandstand.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bandstand.context.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration into {@link Settings}, strictly: an unknown key, a value of the
 * wrong type or out of range, a bad duration, an unknown policy type or parameter all raise a
 * {@link ConfigException} naming the full dotted key (such as
 * {@code placements.artwork.policy.epsilon}) and the reason. Absent keys take the values in
 * {@link Defaults}. The keys are documented, each with a comment, in
 * {@code conf/bandstand.yaml}, which the build also packages as the classpath resource
 * {@value #PACKAGED_RESOURCE}.
 *
 * <p>Stateless; every method may be called from any thread. Reading a file blocks: call it at
 * start-up, never on an event loop.
 */
public final class ConfigLoader {

    /** The file {@code serve} reads, relative to the working directory, when present. */
    public static final Path DEFAULT_FILE = Path.of("conf", "bandstand.yaml");

    /** The classpath copy of {@code conf/bandstand.yaml} used when no file is at hand. */
    public static final String PACKAGED_RESOURCE = "bandstand.yaml";

    /** Largest configuration file read, in bytes. */
    public static final int MAX_FILE_BYTES = 4 << 20;

    /**
     * URI schemes accepted for {@code store.redis.uri}: Lettuce's, and
     * {@code redis-cluster}/{@code rediss-cluster} for a Cluster given by seed nodes.
     */
    public static final Set<String> REDIS_SCHEMES = Set.of("redis", "rediss", "redis-socket",
            "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster");

    private static final Set<String> ROOT_KEYS =
            Set.of("server", "store", "partsOfDay", "placements", "decisionLog", "privacy");
    private static final Set<String> SERVER_KEYS =
            Set.of("host", "port", "maxBodyBytes", "idleTimeout", "bodyTimeout");
    private static final Set<String> STORE_KEYS = Set.of("redis", "prefix", "syncInterval",
            "commandTimeout", "rewardBuffer", "decisionBuffer", "sweepInterval", "outboxJournal",
            "partitionGrace");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ConfigLoader() {
    }

    /**
     * Loads and checks a configuration file.
     *
     * @throws ConfigException if the file cannot be read or holds a bad value
     */
    public static Settings load(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException("", file + " is larger than " + MAX_FILE_BYTES
                        + " bytes");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("", "cannot read " + file + ": " + e);
        }
    }

    /**
     * Loads the copy of {@code conf/bandstand.yaml} packaged on the classpath.
     *
     * @throws ConfigException if it is missing or holds a bad value
     */
    public static Settings loadPackaged() {
        try (InputStream in = ConfigLoader.class.getClassLoader()
                .getResourceAsStream(PACKAGED_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("", "classpath resource " + PACKAGED_RESOURCE
                        + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("", "cannot read classpath resource "
                    + PACKAGED_RESOURCE + ": " + e);
        }
    }

    /**
     * Parses and checks YAML text.
     *
     * @throws ConfigException naming the key of the first bad value
     */
    public static Settings parse(String yaml) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ConfigException("", "not valid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        YamlNode root = new YamlNode("", tree);
        if (!root.present()) {
            throw new ConfigException("", "the configuration is empty; it needs placements");
        }
        root.allowOnly(ROOT_KEYS);

        YamlNode server = root.child("server").allowOnly(SERVER_KEYS);
        String host = host(server.child("host"), Defaults.HOST);
        int port = server.child("port").integer(Defaults.PORT, 0, 65_535);
        long maxBody = server.child("maxBodyBytes").bytes(Defaults.MAX_BODY_BYTES, 1,
                Defaults.MAX_BODY_BYTES_LIMIT);

        return new Settings(host, port, maxBody, store(root.child("store")),
                partsOfDay(root.child("partsOfDay")), placements(root.child("placements")),
                LogReader.decisionLog(root.child("decisionLog")),
                LogReader.privacy(root.child("privacy")), timeouts(server));
    }

    private static HttpTimeouts timeouts(YamlNode server) {
        YamlNode idleNode = server.child("idleTimeout");
        Duration idle = idleNode.duration(Defaults.IDLE_TIMEOUT);
        if (idle.compareTo(HttpTimeouts.MAX_IDLE) > 0) {
            throw idleNode.fail("must be at most 1d, was " + idle.toMillis() + "ms");
        }
        YamlNode bodyNode = server.child("bodyTimeout");
        Duration body = bodyNode.duration(Defaults.BODY_TIMEOUT);
        if (body.multipliedBy(2).compareTo(idle) > 0) {
            throw bodyNode.fail("must be at most half of server.idleTimeout (" + idle.toMillis()
                    + "ms), so that a slow body is answered before the connection is closed;"
                    + " was " + body.toMillis() + "ms");
        }
        return new HttpTimeouts(idle, body);
    }

    /**
     * The settings with command-line overrides applied; a null override keeps the file's
     * value.
     *
     * @param host {@code --host}, or null
     * @param port {@code --port}, or null; 0 picks a free port
     * @param redisUri {@code --redis}, or null
     * @throws ConfigException naming the option if an override is out of range
     */
    public static Settings withOverrides(Settings settings, String host, Integer port,
            String redisUri) {
        return withOverrides(settings, host, port, redisUri, null);
    }

    /**
     * The settings with command-line overrides applied, the outbox journal's too; a null
     * override keeps the file's value.
     *
     * @param outboxJournal {@code --outbox-journal}: a directory, or none; or null
     * @throws ConfigException naming the option if an override is out of range
     */
    public static Settings withOverrides(Settings settings, String host, Integer port,
            String redisUri, String outboxJournal) {
        String h = host == null ? settings.host() : host(
                new YamlNode("--host", MAPPER.getNodeFactory().textNode(host)), null);
        int p = settings.port();
        if (port != null) {
            if (port < 0 || port > 65_535) {
                throw new ConfigException("--port", "must be in 0..65535, was " + port);
            }
            p = port;
        }
        StoreSettings store = settings.store();
        if (redisUri != null) {
            // as in the file: none (or empty) chooses the in-memory store
            YamlNode node = new YamlNode("--redis", MAPPER.getNodeFactory().textNode(redisUri));
            String uri = redisUri.isBlank() || node.absentOrNone() ? null : redisUri;
            if (uri != null) {
                checkRedisUri("--redis", uri);
            }
            store = store.withRedisUri(uri);
        }
        if (outboxJournal != null) {
            store = store.withOutboxJournal(directory(new YamlNode("--outbox-journal",
                    MAPPER.getNodeFactory().textNode(outboxJournal))));
        }
        return new Settings(h, p, settings.maxBodyBytes(), store, settings.partsOfDay(),
                settings.placements(), settings.decisionLog(), settings.privacy(),
                settings.timeouts());
    }

    private static String host(YamlNode node, String fallback) {
        String host = node.text(fallback);
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw node.fail("must be a host name or address without spaces, was '" + host
                    + "'");
        }
        return host;
    }

    private static StoreSettings store(YamlNode store) {
        store.allowOnly(STORE_KEYS);
        YamlNode redis = store.child("redis").allowOnly(Set.of("uri"));
        YamlNode uriNode = redis.child("uri");
        String uri = uriNode.absentOrNone() ? null : uriNode.text(null);
        if (uri != null) {
            checkRedisUri(uriNode.key(), uri);
        }
        YamlNode prefixNode = store.child("prefix");
        String prefix = prefixNode.text(Defaults.PREFIX);
        if (!PREFIX.matcher(prefix).matches()) {
            throw prefixNode.fail("must be 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or"
                    + " digit, was '" + prefix + "'");
        }
        return new StoreSettings(uri, prefix,
                store.child("syncInterval").duration(Defaults.SYNC_INTERVAL),
                store.child("commandTimeout").duration(Defaults.COMMAND_TIMEOUT),
                store.child("rewardBuffer").integer(Defaults.REWARD_BUFFER, 1,
                        Defaults.REWARD_BUFFER_LIMIT),
                store.child("sweepInterval").duration(Defaults.SWEEP_INTERVAL),
                store.child("decisionBuffer").integer(Defaults.DECISION_BUFFER, 1,
                        Defaults.DECISION_BUFFER_LIMIT),
                directory(store.child("outboxJournal")),
                store.child("partitionGrace").duration(Defaults.PARTITION_GRACE));
    }

    /** A directory path, or null for an absent, empty or {@code none} value. */
    private static Path directory(YamlNode node) {
        if (node.absentOrNone()) {
            return null;
        }
        String text = node.text(null);
        if (text.isBlank()) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw node.fail("not a valid path: " + e.getReason());
        }
    }

    /**
     * Refuses a Redis URI of an unknown scheme, without a host, or (redis://, rediss://)
     * without an explicit port, so that no default aims anything at a server nobody named. The
     * message never repeats a password: a value without a scheme is shown with any user
     * part before {@code @} replaced, and otherwise only the scheme is named.
     *
     * @param key the setting or option named in the message
     * @throws ConfigException naming {@code key} and the reason
     */
    public static void checkRedisUri(String key, String uri) {
        URI parsed;
        try {
            parsed = new URI(uri.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "not a valid URI: " + e.getReason());
        }
        String scheme = parsed.getScheme();
        if (scheme == null) {
            throw new ConfigException(key, "'" + StoreSettings.redacted(uri.strip())
                    + "' is no Redis URI: it needs a scheme, such as redis://127.0.0.1:6379");
        }
        if (!REDIS_SCHEMES.contains(scheme)) {
            throw new ConfigException(key, "scheme must be one of " + String.join(", ",
                    REDIS_SCHEMES.stream().sorted().toList()) + ", was '" + scheme + "'");
        }
        // Sentinel and Cluster URIs may list several host:port pairs, which are no URI host.
        if (!scheme.equals("redis-socket") && parsed.getHost() == null
                && parsed.getRawAuthority() == null) {
            throw new ConfigException(key, "needs a host, such as redis://127.0.0.1:6379");
        }
        // an explicit port, so that no default aims the service at a server nobody named
        if (!scheme.equals("redis-socket") && !everyHostHasAPort(parsed)) {
            throw new ConfigException(key, "needs a port in 1..65535 after every host, such as "
                    + "redis://127.0.0.1:6379");
        }
    }

    /**
     * True when the URI's host, or each host of a comma-separated list (which {@link URI}
     * cannot parse as a host), is followed by a port in 1..65535 written as digits.
     */
    private static boolean everyHostHasAPort(URI parsed) {
        if (parsed.getHost() != null) {
            return parsed.getPort() >= 1 && parsed.getPort() <= 65_535;
        }
        String authority = parsed.getRawAuthority();
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        for (String hostPort : authority.split(",", -1)) {
            int colon = hostPort.lastIndexOf(':');
            String port = colon < 0 ? "" : hostPort.substring(colon + 1);
            if (colon < 1 || port.isEmpty() || port.length() > 5
                    || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                return false;
            }
        }
        return true;
    }

    private static PartsOfDay partsOfDay(YamlNode node) {
        if (!node.present()) {
            return PartsOfDay.defaults();
        }
        TreeMap<Integer, String> starts = new TreeMap<>();
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            String name = e.getKey();
            YamlNode hourNode = e.getValue();
            if (!Vocabulary.normalise(hourNode.key(), name).equals(name)) {
                throw hourNode.fail("part-of-day names are lower case letters, digits and '-'");
            }
            int hour = hourNode.integer(-1, 0, 23);
            if (hour < 0) {
                throw hourNode.fail("missing its start hour (0..23)");
            }
            String other = starts.put(hour, name);
            if (other != null) {
                throw hourNode.fail("starts at hour " + hour + ", as " + other + " does");
            }
        }
        if (starts.isEmpty()) {
            throw node.fail("needs at least one part of day");
        }
        return new PartsOfDay(starts);
    }

    private static List<PlacementSettings> placements(YamlNode node) {
        Map<String, YamlNode> entries = node.entries();
        if (entries.isEmpty()) {
            throw node.fail("missing; at least one placement is needed");
        }
        List<PlacementSettings> out = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
            out.add(PlacementReader.read(e.getKey(), e.getValue()));
        }
        return out;
    }
}
