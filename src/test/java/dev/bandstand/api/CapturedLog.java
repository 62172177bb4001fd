package dev.bandstand.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the process while it is open, from an appender on the root logger; the
 * service's own loggers ({@code dev.bandstand}) log from {@code level} on meanwhile, since tests
 * otherwise log WARN and above only. Closing detaches it and restores the level.
 */
final class CapturedLog implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger bandstand = (Logger) LoggerFactory.getLogger("dev.bandstand");
    private final Level before = bandstand.getLevel();

    CapturedLog(Level level) {
        appender.start();
        root().addAppender(appender);
        bandstand.setLevel(level);
    }

    /** The formatted messages logged at {@code level} so far, in order. */
    List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The formatted messages logged at any level so far, in order. */
    List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * A copy of the events so far, taken under the appender's lock, which every append holds:
     * other threads (event loops) may log while a test reads.
     */
    private List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        root().detachAppender(appender);
        bandstand.setLevel(before);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
