package dev.bandstand.cli;

/**
 * The process exit codes of the {@code bandstand} command. A service stopped by SIGTERM or
 * SIGINT shuts down in order and then exits as the JVM does for a signal: 143 or 130.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;

    /** The command failed while running, such as a port in use or a store unreachable. */
    public static final int FAILURE = 1;

    /** A bad command line or a bad configuration; nothing was started. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
