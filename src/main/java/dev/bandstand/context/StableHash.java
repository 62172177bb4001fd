package dev.bandstand.context;

/**
 * A 64-bit string hash that is the same on every JVM, platform and run, unlike
 * {@link String#hashCode()} mixed by collections or any seeded hash.
 *
 * <p>Strings are hashed with 64-bit FNV-1a over their UTF-16 code units (Fowler, Noll and
 * Vo), then passed through the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014) so that every output bit depends on every
 * input bit; parts are combined with a multiply, an xor and the same finaliser. This is not a
 * cryptographic hash: it spreads feature names, it does not resist chosen collisions.
 */
final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private StableHash() {
    }

    /** The hash of {@code text}; equal strings give equal hashes everywhere. */
    static long of(String text) {
        long h = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * FNV_PRIME;
        }
        return mix(h ^ text.length());
    }

    /**
     * The hash of the ordered pair ({@code first}, {@code second}) in the role {@code salt};
     * swapping the parts or changing the salt gives an unrelated hash.
     */
    static long combine(long first, long second, long salt) {
        return mix(first * GOLDEN + (second ^ salt));
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
