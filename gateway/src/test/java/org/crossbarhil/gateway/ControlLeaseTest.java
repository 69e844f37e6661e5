package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlLeaseTest {
    private static final long SECOND = 1_000_000_000L;
    private final ClientSession a = new ClientSession(1, 1, null, 0);
    private final ClientSession b = new ClientSession(2, 2, null, 0);
    private final ClientIdentity aId = new ClientIdentity("a", 1, "127.0.0.1:1", false);
    private final ClientIdentity bId = new ClientIdentity("b", 2, "127.0.0.1:2", false);

    @Test
    void oneSessionAtATime() {
        ControlLease l = new ControlLease();
        ControlLease.Grant first = l.acquire(a, aId, Duration.ofSeconds(10), 0);
        assertThat(first.granted()).isTrue();
        assertThat(first.fresh()).isTrue();
        ControlLease.Grant second = l.acquire(b, bId, Duration.ofSeconds(10), 0);
        assertThat(second.granted()).isFalse();
        assertThat(second.holder().identity()).isEqualTo(aId);
        assertThat(l.acquire(a, aId, Duration.ofSeconds(10), 0).fresh()).as("taking it again only extends it").isFalse();
    }

    @Test
    void renewalPushesTheExpiryBackByTheTerm() {
        ControlLease l = new ControlLease();
        l.acquire(a, aId, Duration.ofSeconds(10), 0);
        assertThat(l.renew(a, 8 * SECOND)).isTrue();
        assertThat(l.renew(b, 8 * SECOND)).isFalse();
        assertThat(l.expireIfDue(12 * SECOND)).isNull();
        assertThat(l.expireIfDue(18 * SECOND).session()).isSameAs(a);
        assertThat(l.isFree()).isTrue();
    }

    @Test
    void onlyTheHolderReleases() {
        ControlLease l = new ControlLease();
        l.acquire(a, aId, Duration.ofSeconds(10), 0);
        assertThat(l.release(b)).isNull();
        assertThat(l.heldBy(a)).isTrue();
        assertThat(l.release(a).session()).isSameAs(a);
        assertThat(l.isFree()).isTrue();
    }

    @Test
    void eachViewerIsToldWhetherItHoldsTheLease() {
        ControlLease l = new ControlLease();
        assertThat(l.info(a).getHeld()).isFalse();
        l.acquire(a, aId, Duration.ofSeconds(10), 0);
        assertThat(l.info(a).getHeldByYou()).isTrue();
        assertThat(l.info(b).getHeldByYou()).isFalse();
        assertThat(l.info(b).getHolder()).isEqualTo("a (#1, 127.0.0.1:1)");
        assertThat(l.info(b).getExpiresUnixSeconds()).isGreaterThan(System.currentTimeMillis() / 1000.0);
    }
}
