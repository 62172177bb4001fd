package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Round;
import java.time.Instant;

/**
 * The service under simulation, as one policy run sees it: the engine in this process, the
 * engine over Redis, or a running server over HTTP. Every implementation drives the service's
 * own decide and reward code; none has a policy of its own.
 *
 * <p>One instance serves one run on one thread; calls block until the service answered.
 */
public interface Bandit extends AutoCloseable {

    /**
     * Asks for a decision on {@code round}'s context and candidates at simulated time
     * {@code now}.
     *
     * @param count slate size, 1 for a single choice
     */
    Choice decide(Round round, int count, Instant now);

    /** Sends the normalised reward of slot {@code slot} of {@code choice}. */
    void reward(Choice choice, int slot, double reward, Instant now);

    /** Releases what the run held (store keys, connections). */
    @Override
    void close();

    /**
     * What the service chose.
     *
     * @param eventId the decision's event id
     * @param chosen indexes into the round's candidates, in slate order
     * @param armIds the chosen arms' ids, in slate order
     * @param probabilities the probability of each slot's choice, as the service reported it
     *     (NaN where the path does not compute it)
     * @param handle what the bandit needs to route the rewards back; opaque to callers
     */
    record Choice(String eventId, int[] chosen, String[] armIds, double[] probabilities,
            Object handle) {
    }
}
