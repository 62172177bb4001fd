package dev.bandstand.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Fixtures for the outbox journal tests: what a crash leaves of a journal, and log lines. */
final class JournalFixtures {

    private JournalFixtures() {
    }

    /**
     * A new directory in {@code parent} holding a copy of the journal file of {@code journal}
     * as it is on the disk now, which is what a crash at this moment would leave: the process
     * holding {@code journal} keeps it locked.
     */
    static Path crashImage(Path journal, Path parent) throws IOException {
        Path image = Files.createTempDirectory(parent, "image-");
        Path file = journal.resolve(OutboxJournal.FILE);
        if (Files.exists(file)) {
            Files.copy(file, image.resolve(OutboxJournal.FILE));
        }
        return image;
    }

    /** What one class logs at INFO and above while it is open. */
    static final class Log implements AutoCloseable {
        private final Logger logger;
        private final Level level;
        private final ListAppender<ILoggingEvent> events = new ListAppender<>();

        Log(Class<?> source) {
            logger = (Logger) LoggerFactory.getLogger(source);
            level = logger.getLevel();
            events.start();
            logger.addAppender(events);
            logger.setLevel(Level.INFO);
        }

        /** The messages at {@code least} or above, in order. */
        List<String> messages(Level least) {
            List<ILoggingEvent> copy;
            // every append holds the appender's lock; the journal's thread may log meanwhile
            synchronized (events) {
                copy = List.copyOf(events.list);
            }
            return copy.stream().filter(e -> e.getLevel().isGreaterOrEqual(least))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
    }
}
