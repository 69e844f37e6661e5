package org.crossbarhil.protocol.rules;

/**
 * When an operation takes an administrator (docs/protocol.md section 7). A directly connected
 * host is administrator; on a gateway a client is one only with the administrator token.
 */
public enum AdministratorRule {
    /** Whoever may send the operation at all may send it. */
    NONE,
    /** Set limits: to loosen any working limit (tightening is for everyone). */
    TO_LOOSEN_LIMITS,
    /** Ramp: to form, which checks amplitudes against the hard limits instead of the working ones. */
    TO_FORM
}
