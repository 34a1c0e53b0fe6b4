package org.xining.hazard.bench;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink metric reporter that keeps gauges in memory, so the benchmark can sample an embedded
 * MiniCluster's operators (the dedupe state's {@code liveReportIds}) while the job runs.
 */
public class InMemoryReporter implements MetricReporter {

    /** A configuration that registers this reporter (for a MiniCluster or a local environment). */
    public static org.apache.flink.configuration.Configuration configuration() {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.setString("metrics.reporter.mem.factory.class", Factory.class.getName());
        return conf;
    }


    static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();

    /** Named in the Flink configuration as metrics.reporter.&lt;name&gt;.factory.class. */
    public static class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new InMemoryReporter();
        }
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Gauge<?> g) {
            GAUGES.put(group.getMetricIdentifier(name), g);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        GAUGES.remove(group.getMetricIdentifier(name));
    }

    /** Whether a gauge of that name has been reported. */
    public static boolean has(String name) {
        return GAUGES.keySet().stream().anyMatch(k -> k.endsWith(name));
    }

    /** The sum of every gauge whose identifier ends with the name (one per subtask). */
    public static long sum(String name) {
        long total = 0;
        for (Map.Entry<String, Gauge<?>> e : GAUGES.entrySet()) {
            if (e.getKey().endsWith(name) && e.getValue().getValue() instanceof Number n) {
                total += n.longValue();
            }
        }
        return total;
    }
}
