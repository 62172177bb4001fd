package dev.bandstand.simulation.log;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Input and output failures as one line a person reads. Stateless. */
public final class IoReasons {

    private IoReasons() {
    }

    /**
     * An I/O failure as a message reads it: the file and the reason, such as
     * {@code out/x: Not a directory}; NIO's own messages are often the bare file name.
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String why = f.getReason() != null ? f.getReason()
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : f.getClass().getSimpleName();
            return f.getFile() == null ? why : f.getFile() + ": " + why;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
