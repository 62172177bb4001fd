package dev.bandstand.simulation.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's small fixtures in the datasets' formats. They are kept as {@code *.fixture.csv}
 * so that no file in the repository carries a real dataset's file name; a test gets a fresh
 * folder where each has the name its reader expects.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** A new temporary folder holding the fixtures of {@code name} under their real names. */
    public static Path dataset(String name) {
        try {
            Path source = Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
            Path target = Files.createTempDirectory("bandstand-" + name);
            target.toFile().deleteOnExit();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "*.fixture.csv")) {
                for (Path f : files) {
                    String real = f.getFileName().toString().replace(".fixture.csv", ".csv");
                    Path copy = Files.copy(f, target.resolve(real));
                    copy.toFile().deleteOnExit();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
