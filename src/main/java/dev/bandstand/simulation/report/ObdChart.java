package dev.bandstand.simulation.report;

import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.obd.ObdOpe;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.YIntervalRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The click-rate chart of an {@code obd-ope} report: per policy a point and its 95% interval,
 * one series per campaign; logged policies first, then the replayed ones.
 */
final class ObdChart {

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728),
        new Color(0x2ca02c), new Color(0xff7f0e)};

    private ObdChart() {
    }

    static byte[] draw(String scenario, List<ObdReport.Campaign> campaigns) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> labels = new ArrayList<>(List.of("random (logged)", "bts (logged)"));
        for (ObdReport.Replay r : campaigns.get(0).replays()) {
            labels.add(r.policy());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (int c = 0; c < campaigns.size(); c++) {
            ObdReport.Campaign campaign = campaigns.get(c);
            YIntervalSeries s = new YIntervalSeries(campaign.campaign());
            double offset = (c - (campaigns.size() - 1) / 2.0) * 0.15;
            ObdOpe.Direction random = campaign.ope().randomFromBts();
            ObdOpe.Direction bts = campaign.ope().btsFromRandom();
            add(s, offset, random.truth(), ObdReport.wilson(random.truth(),
                    random.truthRounds()));
            add(s, 1 + offset, bts.truth(), ObdReport.wilson(bts.truth(), bts.truthRounds()));
            for (int i = 0; i < campaign.replays().size(); i++) {
                Estimate e = ObdReport.estimate(campaign.replays().get(i).estimates(),
                        "replay");
                if (e.available()) {
                    s.add(2 + i + offset, e.value(), e.lower(), e.upper());
                }
            }
            data.addSeries(s);
        }
        SymbolAxis x = new SymbolAxis("policy", labels.toArray(new String[0]));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("click rate (95% interval)");
        YIntervalRenderer renderer = new YIntervalRenderer();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, COLOURS[s % COLOURS.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        // the point estimates, drawn over the intervals as filled diamonds
        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            XYSeries p = new XYSeries(data.getSeriesKey(s) + " estimate");
            for (int i = 0; i < data.getItemCount(s); i++) {
                p.add(data.getXValue(s, i), data.getYValue(s, i));
            }
            points.addSeries(p);
            dots.setSeriesPaint(s, COLOURS[s % COLOURS.length]);
            dots.setSeriesShape(s, new java.awt.geom.Rectangle2D.Double(-4, -4, 8, 8));
            dots.setSeriesVisibleInLegend(s, false);
        }
        plot.setDataset(1, points);
        plot.setRenderer(1, dots);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(scenario + ": click rates, logged and replayed",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return ObdReport.png(chart);
    }

    private static void add(YIntervalSeries s, double x, double rate, double[] interval) {
        s.add(x, rate, interval[0], interval[1]);
    }
}
