package dev.bandstand.simulation.obd;

import java.util.List;

/**
 * One row of an Open Bandit Dataset {@code item_context.csv}.
 *
 * @param item the item id
 * @param feature0 the standardised numeric item feature {@code item_feature_0}
 * @param categories the hashed categorical features {@code item_feature_1..3}; their hash
 *     values differ between the random and bts folders of a campaign
 */
public record ObdItem(int item, double feature0, List<String> categories) {

    /** Copies the list. */
    public ObdItem {
        categories = List.copyOf(categories);
    }
}
