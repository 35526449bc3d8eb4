package lab.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lab.loadtest.chaos.ChaosRecord;
import lab.loadtest.failover.FailoverResult;
import lab.loadtest.failover.StackResult;
import lab.loadtest.stats.Second;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The failover run's main chart as a PNG (for the README, where no script runs): one panel per
 * stack sharing the time axis, with successes, failures and forced re-logins per second, and the
 * chaos events as vertical lines.
 */
public final class Png {
    private static final Color OK = new Color(0x2e, 0x7d, 0x32);
    private static final Color FAILED = new Color(0xef, 0x6c, 0x00);
    private static final Color RELOGIN = new Color(0x6a, 0x1b, 0x9a);

    private Png() {
    }

    public static void failover(FailoverResult result, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true"); // no display here, and none needed
        NumberAxis time = new NumberAxis("seconds since the start of the measured phase");
        time.setRange(0, Math.ceil(result.settings().durationSeconds()) + 1);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(12);
        Map<Long, String> events = chaosLabels(result.chaos());
        boolean first = true;
        for (StackResult stack : result.stacks()) {
            XYPlot panel = panel(stack, events, first);
            if (first) {
                plot.setFixedLegendItems(panel.getLegendItems()); // one legend, not one per panel
            }
            plot.add(panel, 1);
            first = false;
        }
        JFreeChart chart = new JFreeChart("Failover: answers per second, " + result.settings().usersPerStack()
                + " users per stack", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 220 * result.stacks().size() + 120);
    }

    /**
     * Chaos events by the second they started in, labels joined: events started together share one line
     * (their labels would overprint each other).
     */
    static Map<Long, String> chaosLabels(List<ChaosRecord> chaos) {
        Map<Long, String> labels = new TreeMap<>();
        for (ChaosRecord event : chaos) {
            labels.merge(Math.round(event.startedAt()), event.label(), (a, b) -> a + ", " + b);
        }
        return labels;
    }

    private static XYPlot panel(StackResult stack, Map<Long, String> events, boolean labelEvents) {
        XYSeries ok = new XYSeries("succeeded");
        XYSeries failed = new XYSeries("failed (401, 5xx, no answer)");
        XYSeries reLogins = new XYSeries("forced re-logins");
        for (Second s : stack.seconds()) {
            ok.add(s.t(), s.ok());
            failed.add(s.t(), s.failures());
            reLogins.add(s.t(), s.reLogins());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(ok);
        data.addSeries(failed);
        data.addSeries(reLogins);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, OK);
        renderer.setSeriesPaint(1, FAILED);
        renderer.setSeriesPaint(2, RELOGIN);
        renderer.setSeriesStroke(0, new BasicStroke(2.0f));
        renderer.setSeriesStroke(1, new BasicStroke(1.6f));
        // Dashed and on top: a forced re-login is also a failed request (the 401), so the lines often coincide.
        renderer.setSeriesStroke(2, new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f));
        NumberAxis count = new NumberAxis(stack.name() + " (per s)");
        count.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, count, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        for (Map.Entry<Long, String> event : events.entrySet()) {
            ValueMarker marker = new ValueMarker(event.getKey(), Color.DARK_GRAY,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            if (labelEvents) {
                marker.setLabel(event.getValue());
                marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                marker.setLabelPaint(Color.BLACK);
                marker.setLabelBackgroundColor(new Color(255, 255, 255, 210));
                marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            }
            plot.addDomainMarker(marker);
        }
        return plot;
    }
}
