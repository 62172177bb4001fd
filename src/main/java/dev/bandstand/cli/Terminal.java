package dev.bandstand.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, for the progress bar. {@code System.console()} is
 * not the answer: it looks at standard input and output, so {@code simulate ... > table.txt}
 * would lose the bar although standard error is still the terminal. Stateless.
 */
final class Terminal {

    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    private Terminal() {
    }

    /**
     * True when standard error is a terminal: on Linux by where file descriptor 2 points;
     * elsewhere (no {@code /proc}) by {@code System.console()} as a fallback.
     */
    static boolean stderr() {
        try {
            return isTerminalDevice(Files.readSymbolicLink(STDERR_LINK).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** True for a terminal device path such as {@code /dev/pts/3} or {@code /dev/tty1}. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
                || target.equals("/dev/console");
    }
}
