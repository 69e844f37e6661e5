package org.crossbarhil.driver;

public record BoardIdentity(String vendor, String model, String serialNumber, String firmwareVersion) {
}
