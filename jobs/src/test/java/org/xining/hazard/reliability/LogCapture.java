package org.xining.hazard.reliability;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Captures every log line of this JVM (Flink, Kafka clients, Elasticsearch client, the pipeline) at
 * the given levels while open, with stack traces; the console stays quiet meanwhile.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    private final Configuration config = ctx.getConfiguration();
    private final AbstractAppender appender;
    private final Level rootBefore;
    private final Level oursBefore;
    private final Map<String, Appender> rootAppendersBefore;

    /** @param root level of every logger but the pipeline's; @param ours level of org.xining.hazard */
    public LogCapture(Level root, Level ours) {
        appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                        .append(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(' ').append(trace);
                }
                lines.add(line.toString());
            }
        };
        appender.start();
        LoggerConfig rootConfig = config.getRootLogger();
        LoggerConfig oursConfig = config.getLoggerConfig("org.xining.hazard");
        rootBefore = rootConfig.getLevel();
        oursBefore = oursConfig.getLevel();
        rootAppendersBefore = Map.copyOf(rootConfig.getAppenders());
        rootAppendersBefore.keySet().forEach(rootConfig::removeAppender);
        rootConfig.setLevel(root);
        oursConfig.setLevel(ours);
        rootConfig.addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerConfig rootConfig = config.getRootLogger();
        rootConfig.removeAppender("capture");
        rootAppendersBefore.values().forEach(a -> rootConfig.addAppender(a, null, null));
        rootConfig.setLevel(rootBefore);
        config.getLoggerConfig("org.xining.hazard").setLevel(oursBefore);
        ctx.updateLoggers();
        appender.stop();
    }
}
