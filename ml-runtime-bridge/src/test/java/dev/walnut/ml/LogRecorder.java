package dev.walnut.ml;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records what one logger writes (level and message), for as long as it is attached. The same as
 * components/base's test recorder; a candidate for the test kit.
 */
public final class LogRecorder extends AbstractAppender implements AutoCloseable {
  private final String logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LogRecorder(String logger) {
    super("recorder-" + logger, null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
  }

  /** Attaches a recorder to {@code logger}, which then logs everything from DEBUG up. */
  public static LogRecorder attach(Class<?> logger) {
    LogRecorder recorder = new LogRecorder(logger.getName());
    recorder.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig loggerConfig = new LoggerConfig(logger.getName(), Level.DEBUG, true);
    loggerConfig.addAppender(recorder, Level.DEBUG, null);
    config.addLogger(logger.getName(), loggerConfig);
    context.updateLoggers();
    return recorder;
  }

  @Override
  public void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
  }

  /** {@code "LEVEL message"} per event, in order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().removeLogger(logger);
    context.updateLoggers();
    stop();
  }
}
