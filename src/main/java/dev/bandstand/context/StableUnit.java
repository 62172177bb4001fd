package dev.bandstand.context;

/**
 * Maps a key to a number in [0, 1) that is the same on every instance, JVM and run: the
 * basis of sticky experiment assignment. Built on {@link StableHash}; not cryptographic.
 */
public final class StableUnit {

    private static final long SALT = 0x5ab1e0a55e55L;

    private StableUnit() {
    }

    /**
     * A uniform-looking number in [0, 1) for the pair ({@code salt}, {@code key}), such as an
     * experiment name and a user id; unrelated salts give unrelated numbers for one key.
     */
    public static double of(String salt, String key) {
        long h = StableHash.combine(StableHash.of(salt), StableHash.of(key), SALT);
        // the top 53 bits, as a double in [0, 1) with every value equally likely
        return (h >>> 11) * 0x1.0p-53;
    }
}
