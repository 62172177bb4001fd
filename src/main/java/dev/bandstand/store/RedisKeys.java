package dev.bandstand.store;

/**
 * Names of the Redis keys of one store. Every key of a placement carries the placement as its
 * hash tag ({@code prefix:{placement}:...}), so that a placement's scripts touch one Cluster
 * slot; a claim of a client's event id is the one key outside any placement's slot.
 *
 * <ul>
 *   <li>{@code prefix:{placement}:s} hash of sums, field names as in
 *       {@link dev.bandstand.policy.StatsFields}, plus the version counter {@code #v} and the
 *       layout marker {@code #t}</li>
 *   <li>{@code prefix:{placement}:d} the deadline index: sorted set of the epoch seconds that
 *       have a deadline bucket (member and score alike)</li>
 *   <li>{@code prefix:{placement}:d:second} a deadline bucket: list of the event ids whose wait
 *       ends in that epoch second (floor of the deadline)</li>
 *   <li>{@code prefix:{placement}:e:eventId} a pending decision ({@link PendingCodec})</li>
 *   <li>{@code prefix:{placement}:user:userKey} set of the event ids in the placement whose
 *       log payload names the person, for {@link StatsStore#forgetUser}; per placement so
 *       that the record script can write it in the placement's slot</li>
 *   <li>{@code prefix:placements} set of placement names, for the sweeper</li>
 *   <li>{@code prefix:id:eventId} the placement that claimed a client's event id, so that
 *       two placements cannot both record it; written only for ids a client chose</li>
 *   <li>{@code prefix:backlogs} sorted set of the instances writing an outage backlog, and
 *       {@code prefix:{prefix:backlogs}:heartbeats} and {@code ...:renewals} sorted sets of
 *       every running instance's heartbeat and last renewal, tagged with the first's name so
 *       that one script reads all three in one Cluster slot ({@link Backlogs})</li>
 * </ul>
 *
 * @param prefix the namespace every key starts with
 */
record RedisKeys(String prefix) {

    /** Field of the sums hash that holds the version counter; no statistic starts with '#'. */
    static final String VERSION_FIELD = "#v";

    /**
     * Field of the sums hash whose value, longer than Redis's default
     * {@code hash-max-listpack-value} (64 bytes), keeps the hash a hash table: as a listpack
     * every field write is a linear search through up to hundreds of fields, which took a fifth
     * of redis-server's CPU in the load benchmark. Redis never turns a hash table back.
     */
    static final String LAYOUT_FIELD = "#t";

    /** The value of {@link #LAYOUT_FIELD}: 80 bytes of ASCII. */
    static final String LAYOUT_VALUE =
            "bandstand sums are updated field by field; kept as a hash table for that reason.";

    RedisKeys {
        if (prefix.isEmpty() || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("prefix must be non-empty without braces: '"
                    + prefix + "'");
        }
    }

    static void checkPlacement(String placement) {
        if (placement.isEmpty() || placement.indexOf('{') >= 0 || placement.indexOf('}') >= 0) {
            throw new IllegalArgumentException("placement must be non-empty without braces: '"
                    + placement + "'");
        }
    }

    String sums(String placement) {
        return prefix + ":{" + placement + "}:s";
    }

    String deadlines(String placement) {
        return prefix + ":{" + placement + "}:d";
    }

    String bucketPrefix(String placement) {
        return deadlines(placement) + ':';
    }

    String bucket(String placement, long second) {
        return bucketPrefix(placement) + second;
    }

    String recordPrefix(String placement) {
        return prefix + ":{" + placement + "}:e:";
    }

    String record(String placement, String eventId) {
        return recordPrefix(placement) + eventId;
    }

    String user(String placement, String userKey) {
        return prefix + ":{" + placement + "}:user:" + userKey;
    }

    String placements() {
        return prefix + ":placements";
    }

    String claim(String eventId) {
        return prefix + ":id:" + eventId;
    }

    /** The instances writing an outage backlog (see {@link Backlogs}). */
    String backlogs() {
        return prefix + ":backlogs";
    }

    /** When each instance last renewed its heartbeat, in the slot of {@link #backlogs()}. */
    String renewals() {
        return prefix + ":{" + backlogs() + "}:renewals";
    }

    /** The instances' heartbeats, in the Cluster slot of {@link #backlogs()}. */
    String heartbeats() {
        return prefix + ":{" + backlogs() + "}:heartbeats";
    }
}
