package dev.bandstand.config;

import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Reads the {@code decisionLog} and {@code privacy} sections. Stateless. */
final class LogReader {

    private static final Set<String> LOG_KEYS =
            Set.of("dir", "rotation", "maxBytes", "retention", "queue");

    private LogReader() {
    }

    static DecisionLogSettings decisionLog(YamlNode node) {
        node.allowOnly(LOG_KEYS);
        YamlNode dirNode = node.child("dir");
        if (dirNode.absentOrNone()) {
            return DecisionLogSettings.OFF;
        }
        Path dir;
        try {
            dir = Path.of(dirNode.text(null));
        } catch (InvalidPathException e) {
            throw dirNode.fail("not a valid path: " + e.getReason());
        }
        YamlNode rotationNode = node.child("rotation");
        String name = rotationNode.text("daily");
        Rotation rotation;
        try {
            rotation = Rotation.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw rotationNode.fail("must be one of none, daily, size; was '" + name + "'");
        }
        return new DecisionLogSettings(dir, rotation,
                node.child("maxBytes").bytes(Defaults.LOG_MAX_BYTES, 1, Long.MAX_VALUE),
                node.child("retention").duration(Defaults.LOG_RETENTION),
                node.child("queue").integer(Defaults.LOG_QUEUE, 1, 10_000_000));
    }

    static PrivacySettings privacy(YamlNode node) {
        node.allowOnly(Set.of("userIdSecret"));
        YamlNode secret = node.child("userIdSecret");
        // the value is never echoed in a message: it is a secret
        if (secret.present() && !secret.isText()) {
            throw secret.fail("must be a string");
        }
        return new PrivacySettings(secret.present() ? secret.text(null) : null);
    }
}
