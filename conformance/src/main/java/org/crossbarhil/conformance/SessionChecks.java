package org.crossbarhil.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossbarhil.driver.BoardInfo;
import org.crossbarhil.driver.BoardState;
import org.crossbarhil.driver.CrossbarBoard;
import org.crossbarhil.driver.Heartbeat;
import org.crossbarhil.driver.Ledger;
import org.crossbarhil.protocol.v1.BoardDescription;
import org.crossbarhil.protocol.v1.HelloResponse;

/** Session-level queries: info agrees with the handshake, heartbeat, ledger, and a heartbeat timer per host session. */
final class SessionChecks {
    private SessionChecks() {
    }

    static List<Check> all() {
        return List.of(
                Check.readOnly("info", SessionChecks::info),
                Check.readOnly("heartbeat", SessionChecks::heartbeat),
                Check.readOnly("ledger-readable", SessionChecks::ledger),
                Check.readOnly(HeartbeatPerSessionCheck.NAME, HeartbeatPerSessionCheck::run));
    }

    static String info(SuiteContext ctx) {
        BoardInfo info = ctx.board().refreshInfo();
        HelloResponse h = ctx.handshake().getHello();
        BoardDescription d = h.getDescription();
        List<String> p = new ArrayList<>();
        if (info.geometry().tiles() != d.getGeometry().getTiles() || info.geometry().rows() != d.getGeometry().getRows()
                || info.geometry().cols() != d.getGeometry().getCols()) {
            p.add("geometry " + info.geometry() + " differs from the handshake's");
        }
        if (!info.identity().model().equals(d.getIdentity().getModel())
                || !info.identity().firmwareVersion().equals(d.getIdentity().getFirmwareVersion())
                || !info.identity().serialNumber().equals(d.getIdentity().getSerialNumber())) {
            p.add("identity " + info.identity() + " differs from the handshake's");
        }
        if (info.limits().hard().maxVolts() != d.getHardLimits().getMaxVolts()
                || info.limits().hard().maxPulseSeconds() != d.getHardLimits().getMaxPulseSeconds()) {
            p.add("hard limits differ from the handshake's");
        }
        if (!info.limits().working().within(info.limits().hard())) {
            p.add("working limits beyond the hard ones");
        }
        if (info.state() == BoardState.FAULT || info.state() == BoardState.UNKNOWN) {
            p.add("state " + info.state() + (info.stateReason() == null ? "" : " (" + info.stateReason() + ")"));
        }
        Verdict.require(p.isEmpty(), String.join("; ", p));
        return "state " + info.state() + ", " + info.identity().vendor() + " " + info.identity().model();
    }

    static String heartbeat(SuiteContext ctx) throws InterruptedException {
        CrossbarBoard b = ctx.board();
        Heartbeat first = b.heartbeat();
        Thread.sleep(50);
        Heartbeat second = b.heartbeat();
        Verdict.require(Double.isFinite(first.boardTimeSeconds()) && first.boardTimeSeconds() >= 0,
                "board time " + first.boardTimeSeconds() + " s (expected: finite, >= 0)");
        Verdict.require(second.boardTimeSeconds() >= first.boardTimeSeconds(), "board time went backwards: "
                + first.boardTimeSeconds() + " s then " + second.boardTimeSeconds() + " s");
        Verdict.require(second.state() == BoardState.READY || second.state() == BoardState.SAFE_IDLE,
                "heartbeat reports state " + second.state());
        return String.format(Locale.ROOT, "board time %.3f s -> %.3f s, state %s", first.boardTimeSeconds(),
                second.boardTimeSeconds(), second.state());
    }

    /** Totals are sane, and a read of the sample shows up in the counters. */
    static String ledger(SuiteContext ctx) {
        CrossbarBoard b = ctx.board();
        Ledger before = b.ledger();
        List<String> p = sanity(before);
        Verdict.require(p.isEmpty(), String.join("; ", p));
        double[] g = ctx.readRegion(ctx.sample());
        Ledger after = b.ledger();
        Verdict.require(sanity(after).isEmpty(), String.join("; ", sanity(after)));
        long reads = after.deviceReads() - before.deviceReads();
        Verdict.require(reads >= g.length, "reading " + g.length + " devices added " + reads + " to device_reads");
        Verdict.require(after.requests() > before.requests(), "requests counter did not grow: " + before.requests()
                + " then " + after.requests());
        Verdict.require(after.totalEnergyJoules() >= before.totalEnergyJoules() && after.busySeconds() >= before.busySeconds(),
                "energy or busy time went down without a reset");
        return String.format(Locale.ROOT, "%d device reads counted for %d read, %.3g J total, %.3g s busy", reads, g.length,
                after.totalEnergyJoules(), after.busySeconds());
    }

    static List<String> sanity(Ledger l) {
        List<String> p = new ArrayList<>();
        double[] energies = {l.readEnergyJoules(), l.pulseEnergyJoules(), l.halfSelectEnergyJoules(), l.converterEnergyJoules(),
            l.totalEnergyJoules(), l.busySeconds()};
        for (double e : energies) {
            if (!(e >= 0) || Double.isInfinite(e)) {
                p.add("an energy or time is negative or not finite: " + l);
                break;
            }
        }
        long[] counts = {l.devicePulses(), l.halfSelectPulses(), l.deviceReads(), l.vmmVectors(), l.conversions(),
            l.writeVerifyPulses(), l.requests()};
        for (long c : counts) {
            if (c < 0) {
                p.add("a counter is negative: " + l);
                break;
            }
        }
        double parts = l.readEnergyJoules() + l.pulseEnergyJoules() + l.halfSelectEnergyJoules() + l.converterEnergyJoules();
        if (Math.abs(parts - l.totalEnergyJoules()) > 1e-6 * Math.max(parts, l.totalEnergyJoules()) + 1e-21) {
            p.add("total_energy_joules " + l.totalEnergyJoules() + " is not the sum of its parts " + parts);
        }
        if (l.writeVerifyPulses() > l.devicePulses()) {
            p.add("write_verify_pulses " + l.writeVerifyPulses() + " exceed device_pulses " + l.devicePulses());
        }
        return p;
    }
}
