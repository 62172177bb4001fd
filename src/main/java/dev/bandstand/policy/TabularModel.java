package dev.bandstand.policy;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-bucket, per-arm counts with back-off from fine to coarse context buckets.
 *
 * <p>Bucket keys join the configured attributes' values with {@code /}, finest first, down
 * to the global key {@code ""}; a decision and its reward count in every level. For a
 * decision, the finest level whose bucket holds at least {@code minObservations} rewarded
 * observations summed over the candidates is read; the global bucket always qualifies.
 * Statistics read at {@code now} are multiplied by the forgetting factor. The mean of an
 * arm with no observations is 0.5, the mean of the Beta(1, 1) prior; otherwise {@code s/n}.
 * An arm with an {@link ArmPrior} has its pseudo-observations added to the bucket read
 * (unforgotten; they do not decide which bucket is read).
 *
 * <p>The version counts every change of the sums (decisions, rewards, drops), so equal
 * versions after the same load mean equal {@link #sums()}. Not thread-safe: the owner
 * serialises calls, and uses each {@link Estimates} before the next change.
 */
final class TabularModel implements Model {

    /** Largest number of kept probability vectors (or exact caches) before all go. */
    private static final int MEMO_LIMIT = 4096;

    /** Forgetting-factor drift after which kept probability vectors are stale. */
    private static final double MEMO_DRIFT = 0.01;

    /** Largest number of kept bucket paths, or of their kept updates, before all go. */
    private static final int PATH_LIMIT = 4096;

    private final List<String> attributes;
    private final double minObservations;
    private final Forgetting forgetting;

    private final Map<String, Integer> armIndex = new HashMap<>();
    private String[] armIds = new String[16];
    private int armCount;
    private final Map<String, Bucket> buckets = new HashMap<>();
    // finest bucket key to its path, so that a decision builds no key strings once seen
    private final Map<String, Path> paths = new HashMap<>();
    private int keptUpdates;
    // a decision asks for its context's path twice: for the estimates and for the update
    private Context lastContext;
    private Path lastPath;
    private Map<String, ArmPrior> priors = Map.of();
    private long version;

    // posterior revision: changes when n or s change, which is all Thompson depends on
    private long revision;
    private final Map<Object, Object> memo = new HashMap<>();
    private long memoRevision = -1;
    private double memoFactor = Double.NaN;

    TabularModel(List<String> attributes, int minObservations, Forgetting forgetting) {
        this.attributes = List.copyOf(attributes);
        this.minObservations = minObservations;
        this.forgetting = forgetting;
    }

    /** Sums of one bucket, indexed by arm index; arrays grow as arms appear. */
    static final class Bucket {
        double[] n;
        double[] s;
        double[] q;
        double[] p;

        Bucket(int capacity) {
            n = new double[capacity];
            s = new double[capacity];
            q = new double[capacity];
            p = new double[capacity];
        }

        void ensure(int arm) {
            if (arm >= n.length) {
                int size = Math.max(arm + 1, n.length * 2);
                n = Arrays.copyOf(n, size);
                s = Arrays.copyOf(s, size);
                q = Arrays.copyOf(q, size);
                p = Arrays.copyOf(p, size);
            }
        }
    }

    @Override
    public Estimates estimates(Context context, List<Arm> candidates, Instant now) {
        double f = forgetting.factor(now);
        String[] keys = path(context).keys;
        int k = candidates.size();
        int[] arms = new int[k];
        for (int i = 0; i < k; i++) {
            Integer a = armIndex.get(candidates.get(i).id());
            arms[i] = a == null ? -1 : a;
        }

        String key = "";
        Bucket chosen = null;
        for (String candidateKey : keys) {
            Bucket b = buckets.get(candidateKey);
            if (candidateKey.isEmpty() || f * total(b, arms) >= minObservations) {
                key = candidateKey;
                chosen = b;
                break;
            }
        }

        double[] n = new double[k];
        double[] s = new double[k];
        double[] p = new double[k];
        if (chosen != null) {
            for (int i = 0; i < k; i++) {
                int a = arms[i];
                if (a >= 0 && a < chosen.n.length) {
                    n[i] = f * chosen.n[a];
                    s[i] = f * chosen.s[a];
                    p[i] = chosen.p[a];
                }
            }
        }
        if (!priors.isEmpty()) {
            warmStart(candidates, n, s);
        }
        refreshMemo(f);
        return new TabularEstimates(this, arms, key, n, s, p);
    }

    @Override
    public Update updateFor(Context context, Arm arm) {
        Path p = path(context);
        TabularUpdate u = p.updates.get(arm.id());
        if (u == null) {
            u = new TabularUpdate(arm.id(), p.keyList);
            p.updates.put(arm.id(), u);
            keptUpdates++;
        }
        return u;
    }

    @Override
    public void decided(Update update, double weight) {
        TabularUpdate t = tabular(update);
        Weights.check(weight);
        int a = arm(t.armId());
        for (String key : t.bucketKeys()) {
            bucket(key, a).p[a] += 1;
        }
        version++;
    }

    @Override
    public void rewarded(Update update, double reward, double weight) {
        TabularUpdate t = tabular(update);
        Weights.check(weight);
        Weights.checkReward(reward);
        int a = arm(t.armId());
        for (String key : t.bucketKeys()) {
            Bucket b = bucket(key, a);
            // the same products, in the same order, as StatsFields.rewarded
            b.n[a] += weight;
            b.s[a] += weight * reward;
            b.q[a] += weight * reward * reward;
            b.p[a] += -1;
        }
        version++;
        revision++;
    }

    @Override
    public void dropped(Update update, double weight) {
        TabularUpdate t = tabular(update);
        Weights.check(weight);
        int a = arm(t.armId());
        for (String key : t.bucketKeys()) {
            bucket(key, a).p[a] += -1;
        }
        version++;
    }

    @Override
    public void load(Map<String, Double> sums, long version) {
        buckets.clear();
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            String field = e.getKey();
            int first = field.indexOf('|');
            int second = first < 0 ? -1 : field.indexOf('|', first + 1);
            if (first != 1 || second < 0 || "nsqp".indexOf(field.charAt(0)) < 0) {
                throw new IllegalArgumentException("not a tabular statistic: field " + field);
            }
            String key = field.substring(first + 1, second);
            int a = arm(field.substring(second + 1));
            Bucket b = bucket(key, a);
            double v = e.getValue();
            switch (field.charAt(0)) {
                case 'n' -> b.n[a] = v;
                case 's' -> b.s[a] = v;
                case 'q' -> b.q[a] = v;
                default -> b.p[a] = v;
            }
        }
        this.version = version;
        revision++;
    }

    @Override
    public void priors(Map<String, ArmPrior> priors) {
        this.priors = Map.copyOf(priors);
        revision++;
    }

    /** Adds each candidate's prior pseudo-observations to its counts and sums. */
    private void warmStart(List<Arm> candidates, double[] n, double[] s) {
        for (int i = 0; i < n.length; i++) {
            ArmPrior prior = priors.get(candidates.get(i).id());
            if (prior != null) {
                n[i] += prior.weight();
                s[i] += prior.weight() * prior.mean();
            }
        }
    }

    @Override
    public Map<String, Double> sums() {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Bucket> e : buckets.entrySet()) {
            Bucket b = e.getValue();
            for (int a = 0; a < Math.min(armCount, b.n.length); a++) {
                put(out, 'n', e.getKey(), a, b.n[a]);
                put(out, 's', e.getKey(), a, b.s[a]);
                put(out, 'q', e.getKey(), a, b.q[a]);
                put(out, 'p', e.getKey(), a, b.p[a]);
            }
        }
        return out;
    }

    @Override
    public long version() {
        return version;
    }

    /** The bucket path of a context: kept, or made and kept. */
    private Path path(Context context) {
        if (paths.size() >= PATH_LIMIT || keptUpdates >= PATH_LIMIT) {
            paths.clear();
            keptUpdates = 0;
            lastContext = null;
        }
        if (context == lastContext) {
            return lastPath;
        }
        String finest = finestKey(context);
        Path p = paths.get(finest);
        if (p == null) {
            p = new Path(bucketKeys(context));
            paths.put(finest, p);
        }
        lastContext = context;
        lastPath = p;
        return p;
    }

    /** The finest bucket key of a context: {@code bucketKeys(context)[0]}. */
    private String finestKey(Context context) {
        int levels = attributes.size();
        if (levels == 0) {
            return "";
        }
        if (levels == 1) {
            return context.attribute(attributes.get(0));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(context.attribute(attributes.get(i)));
        }
        return sb.toString();
    }

    /** Bucket keys of a context, finest first, the global key {@code ""} last. */
    private String[] bucketKeys(Context context) {
        int levels = attributes.size();
        String[] keys = new String[levels + 1];
        keys[levels] = "";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(context.attribute(attributes.get(i)));
            keys[levels - 1 - i] = sb.toString();
        }
        return keys;
    }

    boolean remembersNothing() {
        return memo.isEmpty();
    }

    Object recall(Object key) {
        return memo.get(key);
    }

    void remember(Object key, Object value) {
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear();
        }
        memo.put(key, value);
    }

    private void refreshMemo(double f) {
        if (memoRevision != revision || Math.abs(f / memoFactor - 1) > MEMO_DRIFT) {
            memo.clear();
            memoRevision = revision;
            memoFactor = f;
        }
    }

    private void put(Map<String, Double> out, char kind, String key, int a, double v) {
        if (v != 0) {
            out.put(StatsFields.tabular(kind, key, armIds[a]), v);
        }
    }

    private static double total(Bucket b, int[] arms) {
        if (b == null) {
            return 0;
        }
        double total = 0;
        for (int a : arms) {
            if (a >= 0 && a < b.n.length) {
                total += b.n[a];
            }
        }
        return total;
    }

    private int arm(String id) {
        Integer a = armIndex.get(id);
        if (a != null) {
            return a;
        }
        if (armCount == armIds.length) {
            armIds = Arrays.copyOf(armIds, armCount * 2);
        }
        armIds[armCount] = id;
        armIndex.put(id, armCount);
        return armCount++;
    }

    private Bucket bucket(String key, int arm) {
        Bucket b = buckets.get(key);
        if (b == null) {
            b = new Bucket(Math.max(armIds.length, arm + 1));
            buckets.put(key, b);
        }
        b.ensure(arm);
        return b;
    }

    /**
     * The bucket keys of one finest bucket, finest first, and the update of each arm decided
     * in it, handed out again for every later decision there.
     */
    private static final class Path {
        final String[] keys;
        final List<String> keyList;
        final Map<String, TabularUpdate> updates = new HashMap<>();

        Path(String[] keys) {
            this.keys = keys;
            this.keyList = List.of(keys);
        }
    }

    private static TabularUpdate tabular(Update update) {
        if (update instanceof TabularUpdate t) {
            return t;
        }
        throw new IllegalArgumentException("a tabular model takes tabular updates, got "
                + update.getClass().getSimpleName() + " for arm " + update.armId());
    }
}
