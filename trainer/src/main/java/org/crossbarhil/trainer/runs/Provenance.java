package org.crossbarhil.trainer.runs;

/**
 * Where a run came from, recorded with it so runs from many machines and boards can be told apart.
 *
 * @param toolVersion   the crossbar version that ran it
 * @param boardSerial   the board's serial number as it reported it (null: no board)
 * @param boardFirmware the board's firmware version as it reported it (null: no board)
 * @param simProfile    a {@code sim:} board's profile (null: not a simulated board)
 * @param simSeed       a {@code sim:} board's seed (null: not a simulated board)
 * @param host          the host that trained
 * @param user          the user who trained
 */
public record Provenance(String toolVersion, String boardSerial, String boardFirmware, String simProfile, Long simSeed, String host,
        String user) {
    /** This process's host and user, without a board. */
    public static Provenance here(String toolVersion) {
        return new Provenance(toolVersion, null, null, null, null, RunWriter.localHost(), System.getProperty("user.name", "unknown-user"));
    }

    public Provenance withBoard(String serial, String firmware) {
        return new Provenance(toolVersion, serial, firmware, simProfile, simSeed, host, user);
    }

    public Provenance withSimulator(String profile, Long seed) {
        return new Provenance(toolVersion, boardSerial, boardFirmware, profile, seed, host, user);
    }
}
