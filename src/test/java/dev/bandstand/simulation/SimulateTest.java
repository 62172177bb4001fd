package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folders {@code simulate} reads from and writes to, checked before a run. */
class SimulateTest {

    @TempDir
    Path tmp;

    // from a worktree the default ../shared/data may not exist: say which folder was tried
    @Test
    void withoutDataAndWithoutTheDefaultFolderTheMessageNamesTheDefaultAndTheOption() {
        Path fallback = tmp.resolve("shared").resolve("data");

        assertThatThrownBy(() -> Simulate.dataFolder(null, fallback, "movielens-artwork"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment movielens-artwork reads a dataset, but no --data was"
                        + " given and the default data folder " + fallback + " (" + fallback
                        + ") does not exist: pass --data DIR, the folder holding the datasets"
                        + " (see simulations/README.md)");
    }

    @Test
    void theDefaultDataFolderIsUsedWhenItExistsAndSyntheticRunsNeedNone() throws Exception {
        Path fallback = Files.createDirectories(tmp.resolve("data"));

        assertThat(Simulate.dataFolder(null, fallback, "playlist-context")).isEqualTo(fallback);
        assertThat(Simulate.dataFolder(null, tmp.resolve("none"), "synthetic")).isNull();
    }

    @Test
    void theReportFolderIsCreatedUpFrontAndAFileIsRefused() throws Exception {
        Path out = tmp.resolve("a").resolve("b");
        Path file = Files.writeString(tmp.resolve("file"), "x");

        assertThat(Simulate.reportFolder(out, "tiny")).isDirectory();
        assertThatThrownBy(() -> Simulate.reportFolder(file, "tiny"))
                .hasMessage("--out " + file + " is a file, not a folder");
    }
}
