package dev.bandstand.store;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines of the {@link OutboxJournal}: the CRC-32 of the JSON text as 8 hexadecimal digits,
 * a space, one JSON object, a newline. Three kinds of object:
 *
 * <pre>
 * {"seq":7,"op":"decision","eventId":"e1","placement":"artwork","clientId":false,
 *  "record":"BASE64 of the packed decision (PendingCodec)"}
 * {"seq":8,"op":"reward","eventId":"e1","armId":null,"reward":1.0,
 *  "accepted":"2026-03-02T08:15:30.123456789Z"}
 * {"op":"written","through":8}
 * </pre>
 *
 * <p>{@code seq} numbers the entries of a journal in the order written; {@code written} says
 * that Redis holds every entry up to {@code through}. A line whose checksum, JSON or fields
 * do not read is corrupt. Stateless.
 */
final class JournalLines {

    /** A line read back: an entry with its number, or a mark (then {@code op} is null). */
    record Line(long seq, Outbox.Op op) {
    }

    /**
     * What a journal file holds.
     *
     * @param left the entries not marked written, in file order
     * @param ends the end offset in the file of each of {@code left}
     * @param nextSeq the number for the next entry
     * @param whole bytes of whole lines (a last line cut short follows them)
     */
    record Contents(List<Line> left, List<Long> ends, long nextSeq, long whole) {
    }

    // under the journal's name, where operators read its other lines
    private static final Logger LOG = LoggerFactory.getLogger(OutboxJournal.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final int CORRUPT_NAMED = 10;

    private JournalLines() {
    }

    /** The line of entry {@code seq}, newline included. */
    static byte[] entry(long seq, Outbox.Op op) {
        JsonObject json = new JsonObject().put("seq", seq);
        if (op instanceof Outbox.Decision d) {
            json.put("op", "decision").put("eventId", d.eventId())
                    .put("placement", d.decision().placement()).put("clientId", d.clientId())
                    .put("record", Base64.getEncoder().encodeToString(d.encoded()));
        } else {
            Outbox.Reward r = (Outbox.Reward) op;
            json.put("op", "reward").put("eventId", r.eventId()).put("armId", r.armId())
                    .put("reward", r.reward()).put("accepted", r.now().toString());
        }
        return line(json);
    }

    /** The line saying that Redis holds every entry up to {@code through}. */
    static byte[] written(long through) {
        return line(new JsonObject().put("op", "written").put("through", through));
    }

    private static byte[] line(JsonObject json) {
        byte[] text = json.encode().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[9 + text.length + 1];
        byte[] digits = HEX.toHexDigits((int) crc(text, 0, text.length))
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, out, 0, 8);
        out[8] = ' ';
        System.arraycopy(text, 0, out, 9, text.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static long crc(byte[] b, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue();
    }

    /**
     * Reads one line, without its newline.
     *
     * @return the entry, or a mark: {@code seq} its {@code through}, {@code op} null
     * @throws IllegalArgumentException naming what is wrong when the line is corrupt
     */
    static Line read(byte[] b, int length) {
        if (length < 11 || b[8] != ' ') {
            throw new IllegalArgumentException("not a checksum and a JSON object");
        }
        String digits = new String(b, 0, 8, StandardCharsets.US_ASCII);
        if (!digits.equals(HEX.toHexDigits((int) crc(b, 9, length - 9)))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        try {
            JsonObject json = new JsonObject(new String(b, 9, length - 9,
                    StandardCharsets.UTF_8));
            return switch (String.valueOf(json.getString("op"))) {
                case "written" -> new Line(number(json, "through"), null);
                case "decision" -> new Line(number(json, "seq"), decision(json));
                case "reward" -> new Line(number(json, "seq"), reward(json));
                default -> throw new IllegalArgumentException("unknown op " + json.getValue("op"));
            };
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // bad JSON, a field of the wrong type, a record PendingCodec cannot read
            throw new IllegalArgumentException(e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Outbox.Decision decision(JsonObject json) {
        byte[] record = Base64.getDecoder().decode(text(json, "record"));
        PendingDecision d = PendingCodec.decode(text(json, "eventId"), text(json, "placement"),
                record);
        return new Outbox.Decision(d, record, json.getBoolean("clientId"));
    }

    private static Outbox.Reward reward(JsonObject json) {
        double reward = json.getDouble("reward");
        if (!(reward >= 0 && reward <= 1)) {
            throw new IllegalArgumentException("reward outside [0, 1]: " + reward);
        }
        return new Outbox.Reward(text(json, "eventId"), json.getString("armId"), reward,
                Instant.parse(text(json, "accepted")));
    }

    private static String text(JsonObject json, String field) {
        String s = json.getString(field);
        if (s == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return s;
    }

    private static long number(JsonObject json, String field) {
        Long n = json.getLong(field);
        if (n == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return n;
    }

    /**
     * Reads a journal file. A line that does not read is skipped with a WARN naming the file
     * and the line (the first {@value #CORRUPT_NAMED}, then one with their count), and so is
     * a last line without its line end.
     */
    static Contents read(Path file) throws IOException {
        Reader reader = new Reader(file);
        try (InputStream in = Files.newInputStream(file)) {
            reader.read(in);
        }
        if (reader.corrupt > CORRUPT_NAMED) {
            LOG.warn("Outbox journal {}: {} corrupt lines skipped in all", file, reader.corrupt);
        }
        List<Line> left = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < reader.entries.size(); i++) {
            if (reader.entries.get(i).seq() > reader.through) {
                left.add(reader.entries.get(i));
                ends.add(reader.ends.get(i));
            }
        }
        return new Contents(left, ends, Math.max(reader.maxSeq, reader.through) + 1,
                reader.whole);
    }

    /** Reads lines with their end offsets, skipping those that do not read. */
    private static final class Reader {
        final Path file;
        final List<Line> entries = new ArrayList<>();
        final List<Long> ends = new ArrayList<>();
        long through;
        long maxSeq;
        long whole;
        int corrupt;

        Reader(Path file) {
            this.file = file;
        }

        void read(InputStream in) throws IOException {
            byte[] chunk = new byte[1 << 16];
            byte[] line = new byte[512];
            int length = 0;
            long offset = 0;
            long number = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                for (int i = 0; i < n; i++) {
                    offset++;
                    if (chunk[i] != '\n') {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[length++] = chunk[i];
                        continue;
                    }
                    number++;
                    take(line, length, number, offset);
                    whole = offset;
                    length = 0;
                }
            }
            if (length > 0) {
                LOG.warn("Outbox journal {}: line {} is cut short ({} bytes without a line end),"
                        + " as a crash while writing it leaves it; it was never acknowledged"
                        + " and is dropped", file, number + 1, length);
            }
        }

        private void take(byte[] line, int length, long number, long offset) {
            try {
                Line l = JournalLines.read(line, length);
                if (l.op() == null) {
                    through = Math.max(through, l.seq());
                } else {
                    entries.add(l);
                    ends.add(offset);
                    maxSeq = Math.max(maxSeq, l.seq());
                }
            } catch (IllegalArgumentException e) {
                corrupt++;
                if (corrupt <= CORRUPT_NAMED) {
                    LOG.warn("Outbox journal {}: line {} is corrupt ({}) and skipped; the"
                            + " operation it held, if any, is lost", file, number,
                            e.getMessage());
                }
            }
        }
    }
}
