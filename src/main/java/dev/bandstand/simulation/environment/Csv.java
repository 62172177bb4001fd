package dev.bandstand.simulation.environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader for the RFC 4180 files of the datasets: one header row, comma separated,
 * double-quoted fields, LF or CRLF line endings, no line breaks inside fields. Its
 * {@link #split} also serves the Open Bandit reader, which streams its larger files.
 */
public final class Csv {

    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    private Csv() {
    }

    /** Reads a whole file. */
    static Csv read(Path file) throws IOException {
        Csv csv = new Csv();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException("empty file: " + file);
            }
            String[] names = split(header);
            for (int i = 0; i < names.length; i++) {
                csv.columns.put(names[i], i);
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    csv.rows.add(split(line));
                }
            }
        }
        return csv;
    }

    /** Number of data rows. */
    int size() {
        return rows.size();
    }

    /** The column index of {@code name}; fails with the file's columns when absent. */
    int column(String name) {
        Integer i = columns.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no column " + name + " in " + columns.keySet());
        }
        return i;
    }

    /** Field {@code column} of row {@code row}, the empty string when the row is short. */
    String get(int row, int column) {
        String[] r = rows.get(row);
        return column < r.length ? r[column] : "";
    }

    /** Splits one line into fields, removing a trailing carriage return and quotes. */
    public static String[] split(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(new String[0]);
    }
}
