package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StartFailureReasonTest {

    @Test
    void theServersOwnAnswerUnderAGenericWrapperIsShown() {
        Exception failure = new IllegalStateException("Unable to connect to 127.0.0.1:7000",
                new IOException("WRONGPASS invalid username-password pair"));

        assertThat(ServeCommand.reason(failure))
                .isEqualTo("Unable to connect to 127.0.0.1:7000: "
                        + "WRONGPASS invalid username-password pair");
    }

    @Test
    void aCauseWithoutMessageIsNamedAndRepeatsAreLeftOut() {
        Exception failure = new IllegalStateException("port 8080 is taken",
                new IllegalStateException("port 8080 is taken", new NullPointerException()));

        assertThat(ServeCommand.reason(failure))
                .isEqualTo("port 8080 is taken: NullPointerException");
    }
}
