package dev.bandstand.simulation.obd;

import java.util.List;
import java.util.Objects;

/**
 * One Open Bandit Dataset log: a campaign ({@code men}, {@code women}) under one logging
 * policy ({@code random}, {@code bts}), with its items.
 *
 * @param policy the logging policy's folder name
 * @param campaign the campaign name
 * @param items the campaign's items, indexed by item id
 * @param impressions the rows, in file order
 */
public record ObdLog(String policy, String campaign, List<ObdItem> items,
        List<ObdImpression> impressions) {

    /** Copies the lists. */
    public ObdLog {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(campaign, "campaign");
        items = List.copyOf(items);
        impressions = List.copyOf(impressions);
    }

    /** Number of items (arms). */
    public int itemCount() {
        return items.size();
    }

    /** The on-policy click rate: the mean click over all rows; NaN for an empty log. */
    public double clickRate() {
        double clicks = 0;
        for (ObdImpression i : impressions) {
            clicks += i.click();
        }
        return impressions.isEmpty() ? Double.NaN : clicks / impressions.size();
    }

    /** The number of slots (the highest position seen), at least 1. */
    public int positions() {
        int max = 1;
        for (ObdImpression i : impressions) {
            max = Math.max(max, i.position());
        }
        return max;
    }
}
