package dev.bandstand.store;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A priority queue for entries that mostly arrive in order: an entry not before the last one
 * queued in order goes to a FIFO (constant time), any other to a heap; the head is the
 * smaller of the two heads. Decisions with one reward wait expire in the order they were
 * made, so a store's deadlines and tombstones hardly touch the heap. Not thread-safe.
 *
 * @param <E> the entries
 */
final class ExpiryQueue<E> {

    private final Comparator<? super E> order;
    private final ArrayDeque<E> inOrder = new ArrayDeque<>();
    private final PriorityQueue<E> outOfOrder;

    ExpiryQueue(Comparator<? super E> order) {
        this.order = order;
        this.outOfOrder = new PriorityQueue<>(order);
    }

    void add(E e) {
        if (inOrder.isEmpty() || order.compare(inOrder.peekLast(), e) <= 0) {
            inOrder.addLast(e);
        } else {
            outOfOrder.add(e);
        }
    }

    /** The smallest entry, or null when empty. */
    E peek() {
        E a = inOrder.peekFirst();
        E b = outOfOrder.peek();
        if (a == null) {
            return b;
        }
        return b == null || order.compare(a, b) <= 0 ? a : b;
    }

    /** Removes and returns the smallest entry, or null when empty. */
    E poll() {
        E head = peek();
        if (head != null) {
            if (head == inOrder.peekFirst()) {
                inOrder.pollFirst();
            } else {
                outOfOrder.poll();
            }
        }
        return head;
    }

    boolean isEmpty() {
        return inOrder.isEmpty() && outOfOrder.isEmpty();
    }

    int size() {
        return inOrder.size() + outOfOrder.size();
    }
}
