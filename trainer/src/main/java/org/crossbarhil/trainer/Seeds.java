package org.crossbarhil.trainer;

/** Independent, reproducible seeds for each purpose of a run (SplitMix64 mixing). */
final class Seeds {
    private Seeds() {
    }

    static long of(long seed, long... parts) {
        long h = mix(seed);
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static final long INIT = 1;
    static final long EPOCH = 2;
}
