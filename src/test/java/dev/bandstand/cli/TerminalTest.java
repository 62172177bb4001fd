package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress bar follows standard error, whatever standard output is redirected to. */
class TerminalTest {

    @Test
    void terminalDevicesAreRecognisedAndFilesAndPipesAreNot() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("/tmp/err.txt")).isFalse();
        assertThat(Terminal.isTerminalDevice("pipe:[123456]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    }

    @Test
    void standardErrorOfATestRunIsNotATerminal() {
        // surefire's forked JVM writes standard error to a pipe or file
        assertThat(Terminal.stderr()).isFalse();
    }
}
