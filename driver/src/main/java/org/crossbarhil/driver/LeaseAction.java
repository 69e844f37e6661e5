package org.crossbarhil.driver;

public enum LeaseAction {
    ACQUIRE,
    RENEW,
    RELEASE,
    QUERY
}
