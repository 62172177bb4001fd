package dev.bandstand.simulation.estimators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BucketMeanRewardModel} as a {@link RewardModelFit}: the same shrunk cell means, with
 * every (bucket, action) pair and every (bucket, candidate list) group turned into indices
 * once, so that a refit on a bootstrap resample costs one pass of array additions and one
 * prediction per group.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class BucketMeanFit implements RewardModelFit {

    private final double strength;
    private final int actionCount;
    private final int cellCount;
    /** Per round: the chosen action's index, its cell's index, the reward, the group. */
    private final int[] chosenAction;
    private final int[] chosenCell;
    private final double[] reward;
    private final int[] group;
    /** Per group: action index and cell index of each candidate, in candidate order. */
    private final int[][] groupActions;
    private final int[][] groupCells;

    private BucketMeanFit(double strength, Indexer indexer, int[] chosenAction,
            int[] chosenCell, double[] reward, int[] group) {
        this.strength = strength;
        this.actionCount = indexer.actions.size();
        this.cellCount = indexer.cells.size();
        this.chosenAction = chosenAction;
        this.chosenCell = chosenCell;
        this.reward = reward;
        this.group = group;
        this.groupActions = indexer.groupActions.toArray(new int[0][]);
        this.groupCells = indexer.groupCells.toArray(new int[0][]);
    }

    /**
     * A fit over rounds given by their context bucket, candidate ids, chosen candidate and
     * reward; all lists in round order and of the same length.
     *
     * @param priorStrength k of {@link BucketMeanRewardModel}, finite and {@code >= 0}
     * @param buckets each round's bucket key; never null
     * @param candidates each round's candidate ids, in the order of its actions
     * @param chosen each round's chosen index into its candidates
     * @param rewards each round's reward, finite
     */
    public static BucketMeanFit of(double priorStrength, List<String> buckets,
            List<List<String>> candidates, int[] chosen, double[] rewards) {
        BucketMeanRewardModel.builder(priorStrength);
        int n = buckets.size();
        if (candidates.size() != n || chosen.length != n || rewards.length != n) {
            throw new IllegalArgumentException("buckets, candidates, chosen and rewards must "
                    + "have one entry per round");
        }
        Indexer indexer = new Indexer();
        int[] chosenAction = new int[n];
        int[] chosenCell = new int[n];
        int[] group = new int[n];
        for (int t = 0; t < n; t++) {
            if (!Double.isFinite(rewards[t])) {
                throw new IllegalArgumentException("round " + t + ": reward must be finite");
            }
            String bucket = buckets.get(t);
            String action = candidates.get(t).get(chosen[t]);
            chosenAction[t] = indexer.action(action);
            chosenCell[t] = indexer.cell(bucket, action);
            group[t] = indexer.group(bucket, candidates.get(t));
        }
        return new BucketMeanFit(priorStrength, indexer, chosenAction, chosenCell,
                rewards.clone(), group);
    }

    @Override
    public double[][] fit(int[] counts) {
        if (counts.length != reward.length) {
            throw new IllegalArgumentException("counts has " + counts.length
                    + " entries for " + reward.length + " rounds");
        }
        double[] actionN = new double[actionCount];
        double[] actionS = new double[actionCount];
        double[] cellN = new double[cellCount];
        double[] cellS = new double[cellCount];
        double total = 0;
        double sum = 0;
        for (int t = 0; t < counts.length; t++) {
            int c = counts[t];
            if (c == 0) {
                continue;
            }
            double r = c * reward[t];
            total += c;
            sum += r;
            actionN[chosenAction[t]] += c;
            actionS[chosenAction[t]] += r;
            cellN[chosenCell[t]] += c;
            cellS[chosenCell[t]] += r;
        }

        double global = total == 0 ? 0 : sum / total;
        return Groups.perRound(counts, group, groupActions.length, g -> {
            int[] a = groupActions[g];
            int[] cells = groupCells[g];
            double[] p = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                double actionMean = BucketMeanRewardModel.shrink(actionN[a[i]], actionS[a[i]],
                        strength, global);
                p[i] = BucketMeanRewardModel.shrink(cellN[cells[i]], cellS[cells[i]], strength,
                        actionMean);
            }
            return p;
        });
    }

    /** Numbers actions, cells and groups in order of first appearance. */
    private static final class Indexer {
        private final Map<String, Integer> actions = new HashMap<>();
        private final Map<String, Integer> cells = new HashMap<>();
        private final Map<List<String>, Integer> groups = new HashMap<>();
        private final List<int[]> groupActions = new ArrayList<>();
        private final List<int[]> groupCells = new ArrayList<>();

        int action(String id) {
            return actions.computeIfAbsent(id, k -> actions.size());
        }

        int cell(String bucket, String action) {
            return cells.computeIfAbsent(bucket + '\u0000' + action, k -> cells.size());
        }

        int group(String bucket, List<String> candidates) {
            List<String> key = new ArrayList<>(candidates.size() + 1);
            key.add(bucket);
            key.addAll(candidates);
            Integer known = groups.get(key);
            if (known != null) {
                return known;
            }
            int[] a = new int[candidates.size()];
            int[] c = new int[candidates.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = action(candidates.get(i));
                c[i] = cell(bucket, candidates.get(i));
            }
            groupActions.add(a);
            groupCells.add(c);
            groups.put(key, groupActions.size() - 1);
            return groupActions.size() - 1;
        }
    }
}
