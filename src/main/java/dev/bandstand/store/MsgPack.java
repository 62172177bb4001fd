package dev.bandstand.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of MessagePack (https://msgpack.org/) that pending decisions use in Redis: false,
 * integers, float64, UTF-8 strings and arrays. Chosen because Redis's Lua has a decoder
 * built in ({@code cmsgpack}), so the scripts read the same bytes Java writes.
 */
final class MsgPack {

    private MsgPack() {
    }

    /** Appends values to a growing byte array. Not thread-safe. */
    static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        Writer raw(int b) {
            out.write(b);
            return this;
        }

        Writer bool(boolean value) {
            out.write(value ? 0xc3 : 0xc2);
            return this;
        }

        Writer integer(long v) {
            if (v >= 0 && v < 128) {
                out.write((int) v);
            } else if (v < 0 && v >= -32) {
                out.write((int) v & 0xff);
            } else if (v >= 0 && v <= 0xff) {
                out.write(0xcc);
                bytes(v, 1);
            } else if (v >= 0 && v <= 0xffff) {
                out.write(0xcd);
                bytes(v, 2);
            } else if (v >= 0 && v <= 0xffffffffL) {
                out.write(0xce);
                bytes(v, 4);
            } else {
                out.write(0xd3);
                bytes(v, 8);
            }
            return this;
        }

        /**
         * Writes a double; integral values in int range travel as integers (one byte for small
         * ones), which Lua and {@link Reader#number()} read back as the same double.
         */
        Writer number(double v) {
            boolean negativeZero = v == 0 && Double.doubleToRawLongBits(v) != 0;
            if (v == Math.rint(v) && Math.abs(v) < 0x7fffffff && !negativeZero) {
                return integer((long) v);
            }
            out.write(0xcb);
            bytes(Double.doubleToRawLongBits(v), 8);
            return this;
        }

        Writer string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length < 32) {
                out.write(0xa0 | b.length);
            } else if (b.length < 256) {
                out.write(0xd9);
                out.write(b.length);
            } else if (b.length < 65536) {
                out.write(0xda);
                bytes(b.length, 2);
            } else {
                out.write(0xdb);
                bytes(b.length, 4);
            }
            out.writeBytes(b);
            return this;
        }

        Writer array(int size) {
            if (size < 16) {
                out.write(0x90 | size);
            } else if (size < 65536) {
                out.write(0xdc);
                bytes(size, 2);
            } else {
                out.write(0xdd);
                bytes(size, 4);
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void bytes(long v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
    }

    /** Reads values written by {@link Writer} from a byte array. Not thread-safe. */
    static final class Reader {

        private final byte[] in;
        private int pos;

        Reader(byte[] in, int offset) {
            this.in = in;
            this.pos = offset;
        }

        /** True while values are left to read. */
        boolean more() {
            return pos < in.length;
        }

        /**
         * The next value: Boolean, Long, Double (from a 32- or 64-bit float), String or List
         * of those; nil as null.
         */
        Object value() {
            int b = u8();
            if (b < 0x80) {
                return (long) b;
            }
            if (b >= 0xe0) {
                return (long) (byte) b;
            }
            if ((b & 0xe0) == 0xa0) {
                return str(b & 0x1f);
            }
            if ((b & 0xf0) == 0x90) {
                return list(b & 0x0f);
            }
            return switch (b) {
                case 0xc0 -> null;
                case 0xc2 -> Boolean.FALSE;
                case 0xc3 -> Boolean.TRUE;
                case 0xcc -> (long) u8();
                case 0xcd -> read(2);
                case 0xce -> read(4);
                case 0xcf, 0xd3 -> read(8);
                case 0xd0 -> (long) (byte) u8();
                case 0xd1 -> (long) (short) read(2);
                case 0xd2 -> (long) (int) read(4);
                case 0xca -> (double) Float.intBitsToFloat((int) read(4));
                case 0xcb -> Double.longBitsToDouble(read(8));
                case 0xd9 -> str(u8());
                case 0xda -> str((int) read(2));
                case 0xdb -> str((int) read(4));
                case 0xdc -> list((int) read(2));
                case 0xdd -> list((int) read(4));
                default -> throw new IllegalStateException(
                        "unsupported MessagePack type 0x" + Integer.toHexString(b) + " at " + pos);
            };
        }

        private int u8() {
            return in[pos++] & 0xff;
        }

        private long read(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | u8();
            }
            return v;
        }

        private String str(int length) {
            String s = new String(in, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        private List<Object> list(int size) {
            List<Object> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(value());
            }
            return items;
        }
    }

    /** A number read back as a double, whether it was written as an integer or a float. */
    static double asDouble(Object value) {
        return ((Number) value).doubleValue();
    }
}
