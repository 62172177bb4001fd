package dev.bandstand.store;

import java.util.Arrays;

/**
 * Records keyed by event id in one byte array allocated once, written one after the other and
 * overwritten oldest first when the array wraps around, with an open-addressing index in two
 * int arrays. Holding a record creates no object: the garbage collector sees three arrays,
 * however many records there are, and a young collection copies none of them.
 *
 * <p>Positions are logical byte offsets that only grow ({@code long}); the array offset of a
 * position is the position modulo the array's length. The live window is
 * {@code [tail, head)}: at most the array's length, it holds whole entries and the padding
 * left at the end of the array when the next entry did not fit there. An entry is
 * <pre>
 *   int length (of the whole entry) | int hash (of the event id, {@link String#hashCode()})
 *   | u16 tag | u16 id length | id (UTF-8) | record
 * </pre>
 * and padding is marked by a length of 0, or is shorter than a header. Before an entry is
 * written over, the oldest entries are dropped from the tail and their index slots freed, so
 * the index holds exactly the newest copy of each id in the window; a lookup still checks the
 * id's bytes and that the position is inside the window.
 *
 * <p>The index uses linear probing with backward-shift deletion (no tombstones) and is never
 * more than three quarters full: at most {@code maxEntries} entries are held, the oldest
 * dropped first when a new one would exceed it, so small entries are bounded by count before
 * bytes.
 *
 * <p>Not thread-safe: {@link RecentDecisions} calls it under its lock.
 */
final class RecordRing {

    /** Bytes of an entry's header: length, hash, tag, id length. */
    static final int HEADER = 12;
    /** Largest tag (and id length in bytes) an entry can hold: an unsigned 16-bit field. */
    static final int MAX_U16 = 0xFFFF;

    private static final int FREE = -1;

    private final byte[] bytes;
    private final int largestEntry;
    private final int maxEntries;
    /** Array offset of the entry in each index slot, or {@link #FREE}. */
    private final int[] slotAt;
    private final int[] slotHash;
    private final int indexBits;
    private long head;
    private long tail;
    private int entries;

    /**
     * A ring of {@code ringBytes} bytes holding at most {@code maxEntries} entries, none larger
     * than {@code largestEntry} bytes (header included).
     *
     * @throws IllegalArgumentException when {@code largestEntry} is not in
     *     [{@link #HEADER}, {@code ringBytes / 2}] or {@code maxEntries} is below 1 or above
     *     2^29
     */
    RecordRing(int ringBytes, int largestEntry, int maxEntries) {
        if (largestEntry < HEADER || largestEntry > ringBytes / 2) {
            throw new IllegalArgumentException("the largest entry must be in [" + HEADER
                    + ", ringBytes / 2], was " + largestEntry + " of " + ringBytes);
        }
        if (maxEntries < 1 || maxEntries > 1 << 29) {
            throw new IllegalArgumentException("maxEntries must be in [1, 2^29]: " + maxEntries);
        }
        this.bytes = new byte[ringBytes];
        this.largestEntry = largestEntry;
        this.maxEntries = maxEntries;
        // a power of two, at most three quarters full, so that a probe ends at a free slot soon
        long slots = (maxEntries * 4L + 2) / 3 + 1;
        this.indexBits = 64 - Long.numberOfLeadingZeros(slots - 1);
        this.slotAt = new int[1 << indexBits];
        this.slotHash = new int[1 << indexBits];
        Arrays.fill(slotAt, FREE);
    }

    /** Bytes an entry of this id and record takes, header included. */
    static long entryBytes(int idBytes, int recordBytes) {
        return (long) HEADER + idBytes + recordBytes;
    }

    /**
     * Holds {@code record} under {@code id}, replacing any copy held; the oldest entries are
     * dropped to make room. Returns its position, or -1 when it is too large to hold (or the
     * tag or id does not fit 16 bits): then no copy of {@code id} is held any more.
     */
    long put(String id, byte[] idBytes, int tag, byte[] record) {
        int hash = id.hashCode();
        remove(hash, idBytes);
        long length = entryBytes(idBytes.length, record.length);
        if (length > largestEntry || idBytes.length > MAX_U16 || tag < 0 || tag > MAX_U16) {
            return -1;
        }
        int n = (int) length;

        int at = offset(head);
        int pad = (long) at + n > bytes.length ? bytes.length - at : 0;
        while (head + pad + n - tail > bytes.length || entries >= maxEntries) {
            dropOldest();
        }
        if (pad > 0) {
            if (pad >= HEADER) {
                writeInt(at, 0);
            }
            head += pad;
            at = 0;
        }

        writeInt(at, n);
        writeInt(at + 4, hash);
        writeU16(at + 8, tag);
        writeU16(at + 10, idBytes.length);
        System.arraycopy(idBytes, 0, bytes, at + HEADER, idBytes.length);
        System.arraycopy(record, 0, bytes, at + HEADER + idBytes.length, record.length);
        insert(hash, at);
        long position = head;
        head += n;
        return position;
    }

    /** The position of {@code id}'s entry, or -1 when none is held. */
    long find(String id, byte[] idBytes) {
        int slot = slotOf(id.hashCode(), idBytes);
        if (slot < 0) {
            return -1;
        }
        long position = position(slotAt[slot]);
        // always inside while the index is kept exact; a guard should it ever hold a stale slot
        return position < head ? position : -1;
    }

    /** The tag of the entry at {@code position}, a position {@link #find} returned. */
    int tag(long position) {
        return readU16(offset(position) + 8);
    }

    /** A copy of the record of the entry at {@code position}, which {@link #find} returned. */
    byte[] record(long position) {
        int at = offset(position);
        int start = at + HEADER + readU16(at + 10);
        return Arrays.copyOfRange(bytes, start, at + readInt(at));
    }

    private void remove(int hash, byte[] idBytes) {
        int slot = slotOf(hash, idBytes);
        if (slot >= 0) {
            delete(slot);
        }
    }

    /** Drops the entry or padding at the tail, freeing its index slot if it holds one. */
    private void dropOldest() {
        int at = offset(tail);
        int rest = bytes.length - at;
        if (rest < HEADER || readInt(at) == 0) {
            tail += rest;
            return;
        }
        int hash = readInt(at + 4);
        for (int s = home(hash); slotAt[s] != FREE; s = next(s)) {
            if (slotAt[s] == at) {
                delete(s);
                break;
            }
        }
        tail += readInt(at);
    }

    /** The index slot of {@code idBytes}' entry, or -1. */
    private int slotOf(int hash, byte[] idBytes) {
        for (int s = home(hash); slotAt[s] != FREE; s = next(s)) {
            if (slotHash[s] == hash && sameId(slotAt[s], idBytes)) {
                return s;
            }
        }
        return -1;
    }

    private boolean sameId(int at, byte[] idBytes) {
        int start = at + HEADER;
        return readU16(at + 10) == idBytes.length
                && Arrays.equals(bytes, start, start + idBytes.length, idBytes, 0,
                        idBytes.length);
    }

    private void insert(int hash, int at) {
        int s = home(hash);
        while (slotAt[s] != FREE) {
            s = next(s);
        }
        slotAt[s] = at;
        slotHash[s] = hash;
        entries++;
    }

    /** Frees slot {@code i}, moving back the later slots of its run that may not stay. */
    private void delete(int i) {
        int hole = i;
        for (int s = next(hole); slotAt[s] != FREE; s = next(s)) {
            int h = home(slotHash[s]);
            // the entry at s stays when its home is cyclically in (hole, s]
            boolean stays = hole < s ? hole < h && h <= s : hole < h || h <= s;
            if (!stays) {
                slotAt[hole] = slotAt[s];
                slotHash[hole] = slotHash[s];
                hole = s;
            }
        }
        slotAt[hole] = FREE;
        entries--;
    }

    private int home(int hash) {
        // Fibonacci hashing spreads String hashes that differ only in their low bits
        return (hash * 0x9E3779B9) >>> (32 - indexBits);
    }

    private int next(int slot) {
        return (slot + 1) & (slotAt.length - 1);
    }

    private int offset(long position) {
        return (int) (position % bytes.length);
    }

    /** The position in the window at array offset {@code at}. */
    private long position(int at) {
        return tail + Math.floorMod(at - offset(tail), bytes.length);
    }

    private int readInt(int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16
                | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }

    private void writeInt(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }

    private int readU16(int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    private void writeU16(int at, int v) {
        bytes[at] = (byte) (v >>> 8);
        bytes[at + 1] = (byte) v;
    }
}
