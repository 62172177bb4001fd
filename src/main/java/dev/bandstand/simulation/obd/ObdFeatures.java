package dev.bandstand.simulation.obd;

import dev.bandstand.simulation.estimators.LogisticFit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The logistic-regression reward model of the direct method on an Open Bandit Dataset log,
 * in the spirit of the Open Bandit paper's DM (a logistic regression on the user context and
 * the item's features): features are an intercept, the slot (one indicator per slot), the
 * four hashed user features (one indicator per value), the item's numeric
 * {@code item_feature_0} and its three hashed categorical features (one indicator per
 * value). The user-item affinity columns are left out, so that rounds with the same user
 * features and slot share their predictions. Stateless.
 */
final class ObdFeatures {

    private ObdFeatures() {
    }

    /** The fit over every row of {@code log}, with L2 penalty {@code lambda}. */
    static LogisticFit fit(ObdLog log, double lambda) {
        Map<String, Integer> index = new HashMap<>();
        index.put("intercept", 0);
        index.put("item_feature_0", 1);
        ObdItem[] items = new ObdItem[log.itemCount()];
        for (ObdItem item : log.items()) {
            items[item.item()] = item;
        }
        int n = log.impressions().size();
        LogisticFit.Row[] chosen = new LogisticFit.Row[n];
        double[] clicks = new double[n];
        int[] group = new int[n];
        Map<List<String>, Integer> groups = new HashMap<>();
        List<LogisticFit.Row[]> groupActions = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            ObdImpression row = log.impressions().get(t);
            chosen[t] = row(index, row, items[row.item()]);
            clicks[t] = row.click();
            List<String> key = new ArrayList<>(row.userFeatures());
            key.add(Integer.toString(row.position()));
            Integer g = groups.get(key);
            if (g == null) {
                LogisticFit.Row[] actions = new LogisticFit.Row[log.itemCount()];
                for (int a = 0; a < actions.length; a++) {
                    actions[a] = row(index, row, items[a]);
                }
                g = groupActions.size();
                groupActions.add(actions);
                groups.put(key, g);
            }
            group[t] = g;
        }
        return new LogisticFit(index.size(), lambda, chosen, clicks, group,
                groupActions.toArray(new LogisticFit.Row[0][]));
    }

    private static LogisticFit.Row row(Map<String, Integer> index, ObdImpression impression,
            ObdItem item) {
        List<String> ones = new ArrayList<>();
        ones.add("slot=" + impression.position());
        for (int k = 0; k < impression.userFeatures().size(); k++) {
            ones.add("u" + k + "=" + impression.userFeatures().get(k));
        }
        for (int k = 0; k < item.categories().size(); k++) {
            ones.add("i" + (k + 1) + "=" + item.categories().get(k));
        }
        int[] at = new int[ones.size() + 2];
        double[] value = new double[ones.size() + 2];
        at[0] = 0;
        value[0] = 1;
        at[1] = 1;
        value[1] = item.feature0();
        for (int i = 0; i < ones.size(); i++) {
            at[i + 2] = index.computeIfAbsent(ones.get(i), k -> index.size());
            value[i + 2] = 1;
        }
        return new LogisticFit.Row(at, value);
    }
}
