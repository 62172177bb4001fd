package dev.bandstand.simulation.obd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.simulation.log.LogFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObdReaderTest {

    @Test
    void aLogIsReadWithItsItemsAndEveryColumn(@TempDir Path root) throws Exception {
        ObdFixture.write(root);

        ObdLog log = new ObdReader().read(root, "bts", "men");

        assertThat(log.itemCount()).isEqualTo(3);
        assertThat(log.items().get(2).feature0()).isEqualTo(1.2);
        assertThat(log.items().get(2).categories()).containsExactly("aa");
        assertThat(log.impressions()).hasSize(4);
        ObdImpression second = log.impressions().get(1);
        assertThat(second.line()).isEqualTo(3);
        assertThat(second.item()).isEqualTo(1);
        assertThat(second.position()).isEqualTo(2);
        assertThat(second.click()).isZero();
        assertThat(second.propensity()).isEqualTo(0.25);
        assertThat(second.userFeatures()).containsExactly("u2");
        assertThat(second.affinity()).containsExactly(0.0, 0.0, 0.0);
        assertThat(second.timestamp()).isEqualTo(Instant.parse("2019-11-24T00:01:13.442536Z"));
        assertThat(log.clickRate()).isEqualTo(0.5);
        assertThat(log.positions()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "propensity 0|0|propensity_score must be in (0, 1]: 0.0",
        "negative propensity|-0.2|propensity_score must be in (0, 1]: -0.2",
        "propensity above 1|1.01|propensity_score must be in (0, 1]: 1.01",
        "NaN propensity|NaN|propensity_score is NaN",
        "empty propensity|''|propensity_score is missing",
        "text propensity|high|propensity_score is not a number: high"
    })
    void aBadPropensityIsRejectedWithItsLineNumber(String name, String propensity,
            String message, @TempDir Path root) throws Exception {
        ObdFixture.write(root);
        ObdFixture.writeLog(root, "random", List.of(
                ObdFixture.row(0, 0, 1, 1, "0.3", "u1"),
                ObdFixture.row(1, 1, 2, 0, propensity, "u2")));

        assertThatThrownBy(() -> new ObdReader().read(root, "random", "men"))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("men.csv line 3: " + message)
                .satisfies(e -> assertThat(((LogFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void aRowWithMissingFieldsIsRejectedWithItsLineNumber(@TempDir Path root)
            throws Exception {
        ObdFixture.write(root);
        ObdFixture.writeLog(root, "random", List.of(
                ObdFixture.row(0, 0, 1, 1, "0.3", "u1"),
                ObdFixture.row(1, 1, 2, 0, "0.3", "u2"),
                "2,2019-11-24 00:03:13+00:00,2,1,0"));

        assertThatThrownBy(() -> new ObdReader().read(root, "random", "men"))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("men.csv line 4: expected 10 fields as in the header, found 5");
    }

    @Test
    void aMissingColumnIsReportedOnTheHeaderLine(@TempDir Path root) throws Exception {
        ObdFixture.write(root);
        Path file = root.resolve("random/men/men.csv");
        Files.writeString(file, Files.readString(file).replace("propensity_score", "pscore"));

        assertThatThrownBy(() -> new ObdReader().read(root, "random", "men"))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("men.csv line 1: missing column propensity_score");
    }

    @Test
    void anItemOutsideTheItemListAndABadClickAreRejected(@TempDir Path root)
            throws Exception {
        ObdFixture.write(root);
        ObdFixture.writeLog(root, "random", List.of(ObdFixture.row(0, 7, 1, 1, "0.3", "u1")));
        ObdFixture.writeLog(root, "bts", List.of(ObdFixture.row(0, 1, 1, 2, "0.3", "u1")));

        assertThatThrownBy(() -> new ObdReader().read(root, "random", "men"))
                .hasMessage("men.csv line 2: item_id must be in 0..2: 7");
        assertThatThrownBy(() -> new ObdReader().read(root, "bts", "men"))
                .hasMessage("men.csv line 2: click must be 0 or 1: 2");
    }

    @Test
    void theBtsPriorOfACampaignIsRead(@TempDir Path root) throws Exception {
        ObdFixture.write(root);

        BtsPrior prior = BtsPrior.read(root.resolve("prior_bts.yaml"), "men");

        assertThat(prior.alpha()).containsExactly(1.0, 1.0, 1.0);
        assertThat(prior.beta()).containsExactly(1.0, 1.0, 1.0);
        assertThatThrownBy(() -> BtsPrior.read(root.resolve("prior_bts.yaml"), "all"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no campaign all");
    }
}
