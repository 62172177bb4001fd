package dev.bandstand.simulation;

import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.ContextFactory;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.evaluation.LogEvaluation;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.obd.ObdImpression;
import dev.bandstand.simulation.obd.ObdItem;
import dev.bandstand.simulation.obd.ObdLog;
import dev.bandstand.simulation.obd.ObdReader;
import dev.bandstand.simulation.report.ObdReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay (Li, Chu, Langford and Wang, "Unbiased offline evaluation of contextual-bandit-based
 * news article recommendation algorithms", WSDM 2011) of a scenario's own policies on an
 * Open Bandit Dataset random log, through the {@code evaluate} work's
 * {@link LogEvaluation} and the service's policy and model factories.
 *
 * <p>Each row of the random log is one logged decision: the context holds the slot
 * ({@code slot} = 1, 2, 3) and the four hashed user features ({@code user_feature_0..3}), at
 * the row's time in Asia/Tokyo (ZOZOTOWN's users); the candidates are every item of the
 * campaign, with {@code feature0} (numeric) and its hashed categories as tags; every
 * candidate's logged probability is the row's propensity (1 / items). A policy learns only
 * from the rows replay accepts. Other estimators (IPS, SNIPS, DM, DR) come along.
 *
 * <p>Limitations: the three slots of one page view cannot be regrouped (the data has no
 * impression id), so each row is a single choice, not a slate.
 */
final class ObdReplay {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final double PRIOR_STRENGTH = 10;

    private ObdReplay() {
    }

    /** Replays every policy of {@code scenario} on the random log of {@code campaign}. */
    static List<ObdReport.Replay> run(Path root, String campaign, Scenario scenario,
            EstimatorSettings settings) throws IOException {
        ObdLog log = new ObdReader().read(root, "random", campaign);
        List<LoggedDecision> decisions = decisions(log);
        List<ObdReport.Replay> out = new ArrayList<>();
        for (Scenario.PolicySpec p : scenario.policies()) {
            PlacementSettings placement = p.placement();
            HashingFeatureEncoder encoder = placement.policy().linear()
                    ? new HashingFeatureEncoder(placement.features()) : null;
            LogEvaluation.Candidate candidate = new LogEvaluation.Candidate(p.name(),
                    Policies.create(placement.policy()), Models.create(placement, encoder));
            LogEvaluation.Result r = LogEvaluation.evaluate(decisions, candidate, settings,
                    List.of("slot"), PRIOR_STRENGTH);
            out.add(new ObdReport.Replay(p.name(), r.learned(), r.estimates()));
        }
        return out;
    }

    /** The log's rows as logged decisions. */
    static List<LoggedDecision> decisions(ObdLog log) {
        ContextFactory contexts = new ContextFactory(PartsOfDay.defaults());
        List<Arm> arms = new ArrayList<>();
        for (ObdItem item : log.items()) {
            Map<String, Object> f = new HashMap<>();
            f.put("feature0", item.feature0());
            f.put("categories", item.categories());
            arms.add(new Arm("item-" + item.item(), f));
        }
        List<LoggedDecision> out = new ArrayList<>(log.impressions().size());
        for (ObdImpression row : log.impressions()) {
            Map<String, Object> f = new HashMap<>();
            f.put("slot", Integer.toString(row.position()));
            for (int i = 0; i < row.userFeatures().size(); i++) {
                f.put("user_feature_" + i, row.userFeatures().get(i));
            }
            double[] p = new double[arms.size()];
            Arrays.fill(p, row.propensity());
            out.add(new LoggedDecision(log.campaign() + "-" + row.line(), row.timestamp(),
                    contexts.create(row.timestamp(), TOKYO, null, null, f), arms, row.item(),
                    p, (double) row.click(), null));
        }
        return out;
    }
}
