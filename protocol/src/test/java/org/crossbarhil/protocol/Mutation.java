package org.crossbarhil.protocol;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A damage a line or a buggy peer can do to a frame's bytes. Positions are taken modulo the
 * frame's length, so one generated mutation applies to any frame.
 */
sealed interface Mutation {

    byte[] apply(byte[] wire);

    /** Flips bits; the same bit twice cancels out, which is allowed. */
    record BitFlips(int[] bits) implements Mutation {
        @Override
        public byte[] apply(byte[] wire) {
            byte[] out = wire.clone();
            for (int bit : bits) {
                int position = Math.floorMod(bit, out.length * 8);
                out[position / 8] ^= (byte) (1 << (position % 8));
            }
            return out;
        }

        @Override
        public String toString() {
            return "BitFlips" + Arrays.toString(bits);
        }
    }

    record Truncate(int at) implements Mutation {
        @Override
        public byte[] apply(byte[] wire) {
            return Arrays.copyOf(wire, Math.floorMod(at, wire.length));
        }
    }

    record Delete(int at, int length) implements Mutation {
        @Override
        public byte[] apply(byte[] wire) {
            int from = Math.floorMod(at, wire.length);
            int to = Math.min(wire.length, from + length);
            return FrameDecoderTest.concat(Arrays.copyOf(wire, from), Arrays.copyOfRange(wire, to, wire.length));
        }
    }

    record Insert(int at, byte[] bytes) implements Mutation {
        @Override
        public byte[] apply(byte[] wire) {
            int from = Math.floorMod(at, wire.length + 1);
            return FrameDecoderTest.concat(Arrays.copyOf(wire, from), bytes, Arrays.copyOfRange(wire, from, wire.length));
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + Hex.spaced(bytes, 0, bytes.length) + "]";
        }
    }

    /** Repeats a stretch, as a retransmitting link layer might. */
    record Duplicate(int at, int length) implements Mutation {
        @Override
        public byte[] apply(byte[] wire) {
            int from = Math.floorMod(at, wire.length);
            int to = Math.min(wire.length, from + length);
            return FrameDecoderTest.concat(Arrays.copyOf(wire, to), Arrays.copyOfRange(wire, from, wire.length));
        }
    }

    record Overwrite(int at, byte value) implements Mutation {
        @Override
        public byte[] apply(byte[] wire) {
            byte[] out = wire.clone();
            out[Math.floorMod(at, out.length)] = value;
            return out;
        }
    }

    static Arbitrary<Mutation> any() {
        Arbitrary<Integer> positions = Arbitraries.integers().greaterOrEqual(0);
        Arbitrary<Integer> lengths = Arbitraries.integers().between(1, 40);
        return Arbitraries.oneOf(
                bitFlips(),
                positions.map(Truncate::new),
                Combinators.combine(positions, lengths).as(Delete::new),
                Combinators.combine(positions, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12))
                        .as(Insert::new),
                Combinators.combine(positions, lengths).as(Duplicate::new),
                Combinators.combine(positions, Arbitraries.bytes()).as(Overwrite::new));
    }

    static Arbitrary<Mutation> bitFlips() {
        return Arbitraries.integers().greaterOrEqual(0).array(int[].class).ofMinSize(1).ofMaxSize(8).map(BitFlips::new);
    }
}
