package dev.bandstand.cli;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.ConfigLoader;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.simulation.estimators.BucketMeanRewardModel;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimateTable;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.evaluation.Candidates;
import dev.bandstand.simulation.evaluation.LogEvaluation;
import dev.bandstand.simulation.evaluation.PolicySpec;
import dev.bandstand.simulation.evaluation.SlateEvaluation;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.LoggedSlate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bandstand evaluate}: off-policy evaluation of a policy on a DSJson decision log, one
 * file or several read in the order given (a placement's rotated files) as one log.
 * Prints one line per estimator: estimate, confidence interval, effective sample size and
 * status. A log with slates (CCB lines of more than one slot) gets one such table per slot
 * and one for the whole slate ({@link SlateEvaluation}); a log of single decisions one
 * table ({@link LogEvaluation}). Exit codes: 0 done, 2 bad command line, log or
 * configuration (also a log that is missing or unreadable), 3 a policy type this build cannot
 * build yet.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a policy off-policy on a decision log: replay, IPS, clipped"
                + " IPS, SNIPS, DM and DR with percentile-bootstrap intervals; on slates, IPS,"
                + " clipped IPS, SNIPS, DM and DR per slot and IPS, clipped IPS and SNIPS for"
                + " the whole slate.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--log", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Decision log in DSJson, one decision per line; several files (a"
                    + " glob of rotated files, or --log repeated) are read in the order"
                    + " given, as one log.")
    private List<Path> logs;

    @Option(names = "--policy", required = true, paramLabel = "SPEC",
            description = "TYPE[:NAME=VALUE,...] such as uniform or epsilon-greedy:epsilon=0.1,"
                    + " or a configuration file (its placement's policy and buckets).")
    private String policy;

    @Option(names = "--placement", paramLabel = "NAME",
            description = "Placement of the configuration file (default: its only one).")
    private String placement;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "B",
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    private int bootstrap;

    @Option(names = "--clip", defaultValue = "100", paramLabel = "M",
            description = "Weight cap of clipped IPS (default: ${DEFAULT-VALUE}).")
    private double clip;

    @Option(names = "--bucket", split = ",", paramLabel = "ATTR",
            defaultValue = "partOfDay,device,activity",
            description = "Context attributes of the DM reward model (default:"
                    + " ${DEFAULT-VALUE}; a configuration file's buckets otherwise).")
    private List<String> bucket;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        EstimatorSettings settings;
        List<String> buckets = bucket;
        LogEvaluation.Candidate candidate;
        List<LoggedSlate> lines = new ArrayList<>();
        Path reading = null;
        try {
            settings = EstimatorSettings.defaults().withSeed(seed).withBootstrap(bootstrap)
                    .withClip(clip);
            Path file = Path.of(policy);
            if (Files.isRegularFile(file)) {
                PlacementSettings p = placement(ConfigLoader.load(file));
                if (!p.buckets().isEmpty()) {
                    buckets = p.buckets();
                }
                candidate = Candidates.create(policy, p);
            } else {
                candidate = Candidates.create(policy, PolicySpec.parse(policy), buckets);
            }
            checkDistinct(logs);
            DsJsonReader reader = new DsJsonReader();
            for (Path l : logs) {
                reading = l;
                lines.addAll(reader.readSlates(l));
            }
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("bandstand evaluate: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (NoSuchFileException e) {
            err.println("bandstand evaluate: no such log file: " + e.getFile());
            return ExitCodes.USAGE;
        } catch (AccessDeniedException e) {
            err.println("bandstand evaluate: cannot read (permission denied): " + e.getFile());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("bandstand evaluate: cannot read " + reading + ": " + reason(e));
            return ExitCodes.USAGE;
        }

        double prior = BucketMeanRewardModel.DEFAULT_PRIOR_STRENGTH;
        if (lines.stream().anyMatch(s -> s.positions().size() > 1)) {
            printSlates(out, SlateEvaluation.evaluate(lines, candidate, settings, buckets,
                    prior), settings.confidence());
            return ExitCodes.OK;
        }
        List<LoggedDecision> decisions = lines.stream().map(LoggedSlate::decision).toList();
        LogEvaluation.Result r = LogEvaluation.evaluate(decisions, candidate, settings,
                buckets, prior);
        out.printf("policy %s on %s: %d decisions, %d without reward skipped, learned from %d"
                + " accepted rounds; seed %d, B=%d%n%n", r.candidate(), source(), r.decisions(),
                r.unrewarded(), r.learned(), seed, bootstrap);
        out.print(EstimateTable.text(r.estimates(), settings.confidence()));
        explainPartialSupport(out, r.estimates());
        out.flush();
        return ExitCodes.OK;
    }

    /** A few lines on what PARTIAL_SUPPORT means, when some estimate has it. */
    private static void explainPartialSupport(PrintWriter out, List<Estimate> estimates) {
        if (estimates.stream().noneMatch(e -> e.status() == Estimate.Status.PARTIAL_SUPPORT)) {
            return;
        }
        out.printf(Locale.ROOT, "%nPARTIAL_SUPPORT: the policy puts probability on arms the log"
                + " gave probability 0 (more than %.0f%% on average), as a deterministic logger"
                + " does, such as an experiment's fixed variant (1 for its arm, 0 for the"
                + " others). Those estimators never see such arms: IPS counts them as reward 0,"
                + " SNIPS and replay as paying what the other arms pay, DR as the reward model"
                + " predicts. Leave those decisions out of the log (c._variant names the"
                + " variant), or read DM, which needs no support but guesses those arms' reward"
                + " from its model.%n",
                100 * Estimate.MAX_UNSUPPORTED);
    }

    private void printSlates(PrintWriter out, SlateEvaluation.Result r, double confidence) {
        out.printf("policy %s on %s: %d decisions, %d without reward skipped, learned from %d"
                + " accepted slates; seed %d, B=%d%n", r.candidate(), source(), r.decisions(),
                r.unrewarded(), r.learned(), seed, bootstrap);
        if (r.slots().isEmpty()) {
            out.printf("no slate has a reward: no slot to estimate%n");
        } else {
            out.printf("slates of up to %d slots; %d slots without a reward counted as 0 (not"
                    + " reached, by the cascade rule)%n", r.slots().size(), r.unlabelled());
            out.printf("per slot (CCB): the earlier slots as logged, this one drawn by the"
                    + " policy from the candidates they left%n");
        }
        for (SlateEvaluation.Slot slot : r.slots()) {
            out.printf("%nslot %d (%d decisions)%n", slot.slot(), slot.decisions());
            out.print(EstimateTable.text(slot.estimates(), confidence));
        }
        out.printf("%nwhole slate (%d decisions): reward = sum of the slot rewards, weight ="
                + " product of the slot weights%n", r.decisions() - r.unrewarded());
        out.print(EstimateTable.text(r.slate(), confidence));
        List<Estimate> all = new ArrayList<>(r.slate());
        r.slots().forEach(slot -> all.addAll(slot.estimates()));
        explainPartialSupport(out, all);
        out.flush();
    }

    /** The log files as the first line names them: the paths, separated by commas. */
    private String source() {
        return String.join(", ", logs.stream().map(Path::toString).toList());
    }

    /** Refuses a file given twice, whose decisions would count twice. */
    private static void checkDistinct(List<Path> files) {
        Set<Path> seen = new HashSet<>();
        for (Path f : files) {
            if (!seen.add(f.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("log file given twice: " + f);
            }
        }
    }

    /** The exception's message, or its type when it has none (as for a directory). */
    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private PlacementSettings placement(Settings s) {
        if (placement != null) {
            PlacementSettings p = s.placement(placement);
            if (p == null) {
                throw new IllegalArgumentException(policy + " has no placement " + placement);
            }
            return p;
        }
        if (s.placements().size() != 1) {
            throw new IllegalArgumentException(policy + " has " + s.placements().size()
                    + " placements: choose one with --placement");
        }
        return s.placements().get(0);
    }
}
