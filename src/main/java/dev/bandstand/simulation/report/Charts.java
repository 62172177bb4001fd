package dev.bandstand.simulation.report;

import dev.bandstand.simulation.PolicySummary;
import dev.bandstand.simulation.RunResult;
import dev.bandstand.simulation.SimulationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart as PNG: per policy the mean over replicates as
 * a line and its 95% confidence band across replicates as a shaded area; references (oracle,
 * baselines) as dashed grey lines.
 */
final class Charts {

    /** Width and height of every chart, in pixels. */
    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0xbcbd22), new Color(0x7f7f7f)
    };

    /** Dash patterns of the references: oracle long dashes, then dots, then dash-dot. */
    private static final float[][] DASHES = {{8f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}};

    private Charts() {
    }

    /** One chart: its file name, title and PNG bytes. */
    record Chart(String file, String title, byte[] png) {
    }

    /** Every chart of a result. */
    static List<Chart> all(SimulationResult result) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Chart> charts = new ArrayList<>();
        charts.add(draw(result, "cumulative-reward.png", "Cumulative reward",
                "cumulative reward", RunResult::reward, true, false));
        charts.add(draw(result, "cumulative-regret.png", "Cumulative regret against the oracle",
                "cumulative regret", RunResult::regret, false, false));
        charts.add(draw(result, "average-reward.png", "Average expected reward so far",
                "expected reward per round", RunResult::value, true, true));
        return charts;
    }

    private static Chart draw(SimulationResult result, String file, String title,
            String axis, Function<RunResult, double[]> metric, boolean references,
            boolean perRound) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Boolean> dashed = new ArrayList<>();
        for (Map.Entry<String, List<RunResult>> e : result.byPolicy().entrySet()) {
            data.addSeries(series(e.getKey(), e.getValue(), metric, perRound));
            dashed.add(false);
        }
        if (references) {
            data.addSeries(series("oracle (reference)",
                    result.byPolicy().values().iterator().next(), RunResult::oracle, perRound));
            dashed.add(true);
            for (String b : result.baselines()) {
                // a policy of the scenario may share the baseline's name, such as uniform
                data.addSeries(series(b + " (baseline)",
                        result.byPolicy().values().iterator().next(),
                        r -> r.baselines().get(b), perRound));
                dashed.add(true);
            }
        }

        NumberAxis x = new NumberAxis("round");
        NumberAxis y = new NumberAxis(axis);
        y.setAutoRangeIncludesZero(!perRound);
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        int colour = 0;
        int reference = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            Color c = dashed.get(s) ? new Color(0x444444) : PALETTE[colour++ % PALETTE.length];
            renderer.setSeriesPaint(s, c);
            renderer.setSeriesFillPaint(s, c);
            renderer.setSeriesStroke(s, dashed.get(s)
                    ? new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            DASHES[reference++ % DASHES.length], 0f)
                    : new BasicStroke(2.0f));
        }
        if (perRound) {
            double[] range = laterRange(data);
            double pad = Math.max(0.05 * (range[1] - range[0]), 1e-3);
            y.setRange(range[0] - pad, range[1] + pad);
        }
        renderer.setAlpha(0.18f);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16),
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle(result),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        return new Chart(file, title, png.toByteArray());
    }

    /**
     * The lowest and highest mean of every series after the first tenth of the run: the
     * first checkpoints average over a few rounds and would stretch the axis.
     */
    static double[] laterRange(YIntervalSeriesCollection data) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double from = 0.1 * DatasetUtils.findMaximumDomainValue(data).doubleValue();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double y = data.getYValue(s, i);
                if (data.getXValue(s, i) >= from && Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {0, 1};
    }

    private static String subtitle(SimulationResult result) {
        int reps = result.scenario().replicates();
        return result.scenario().name() + " - " + result.environment() + ", mean of " + reps
                + (reps == 1 ? " run" : " runs, shaded: 95% interval across runs");
    }

    private static YIntervalSeries series(String name, List<RunResult> runs,
            Function<RunResult, double[]> metric, boolean perRound) {
        YIntervalSeries series = new YIntervalSeries(name);
        long[] steps = runs.get(0).steps();
        double[] sample = new double[runs.size()];
        for (int i = 0; i < steps.length; i++) {
            for (int r = 0; r < runs.size(); r++) {
                double v = metric.apply(runs.get(r))[i];
                sample[r] = perRound ? v / steps[i] : v;
            }
            double[] mh = PolicySummary.meanAndHalfWidth(sample);
            double h = Double.isNaN(mh[1]) ? 0 : mh[1];
            series.add(steps[i], mh[0], mh[0] - h, mh[0] + h);
        }
        return series;
    }
}
