package dev.bandstand.store;

/**
 * Which positions of a slate a person reached, by the cascade model of position bias (Craswell
 * et al., "An experimental comparison of click position-bias models", WSDM 2008): people go
 * down a list in order, so a reaction at position k means positions 1 to k were reached, and
 * nothing after the last reaction was seen. Without any reaction only the first position
 * counts as reached: it was shown, and the person went no further.
 *
 * <p>A reward accepted before the end of the wait but joined after expiry settled the slate
 * moves the last reaction: the earlier positions expiry dropped as not reached were reached
 * after all, and get the default reward then ({@link RewardOutcome#reached()}). Both stores
 * apply the rule the same way: the in-memory one through this class and
 * {@link InMemoryEntry}, the Redis one in its sweep and reward scripts.
 */
final class Cascade {

    private Cascade() {
    }

    /**
     * The number of leading positions reached: one past the last rewarded position, at
     * least 1.
     *
     * @param rewarded per position, in slate order, whether a reward was joined
     */
    static int reached(boolean[] rewarded) {
        int reached = 1;
        for (int i = 0; i < rewarded.length; i++) {
            if (rewarded[i]) {
                reached = i + 1;
            }
        }
        return reached;
    }
}
