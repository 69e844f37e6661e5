/* The host port's device model (device_model.c): it implements the analog half of the HAL. */
#ifndef CROSSBAR_DEVICE_MODEL_H
#define CROSSBAR_DEVICE_MODEL_H

#include "crossbar_hal.h"

/* Fills every tile with conductances drawn from `seed` (0 = a fixed default). */
void model_init(uint64_t seed);

/* The true conductance, for tests: what a read estimates. */
double model_conductance(uint32_t tile, uint32_t row, uint32_t col);

#endif
