/* A minimal test harness: CHECK records a failure and goes on; each test is a function. */
#ifndef CROSSBAR_TEST_HARNESS_H
#define CROSSBAR_TEST_HARNESS_H

#include <stdio.h>

extern int harness_failures;
extern const char *harness_test;

#define CHECK(cond)                                                                             \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            harness_failures++;                                                                 \
            fprintf(stderr, "FAIL %s (%s:%d): %s\n", harness_test, __FILE__, __LINE__, #cond);   \
        }                                                                                       \
    } while (0)

#endif
