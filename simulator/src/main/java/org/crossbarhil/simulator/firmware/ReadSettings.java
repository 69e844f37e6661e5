package org.crossbarhil.simulator.firmware;

import org.crossbarhil.protocol.v1.ReadConfig;
import org.crossbarhil.simulator.config.ReadDefaults;

/** The read path's current configuration (ConfigureRequest changes it). */
final class ReadSettings {
    double readVolts;
    double integrationSeconds;
    double adcFullScaleAmperes;
    int readsAveraged;

    ReadSettings(ReadDefaults d) {
        readVolts = d.readVolts();
        integrationSeconds = d.integrationSeconds();
        adcFullScaleAmperes = d.adcFullScaleAmperes();
        readsAveraged = d.readsAveraged();
    }

    ReadConfig toWire() {
        return ReadConfig.newBuilder()
                .setReadVolts(readVolts)
                .setIntegrationSeconds(integrationSeconds)
                .setAdcFullScaleAmperes(adcFullScaleAmperes)
                .setReadsAveraged(readsAveraged)
                .build();
    }
}
