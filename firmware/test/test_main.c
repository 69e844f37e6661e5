/* Unit tests of the firmware core: `make test`. */
#include "harness.h"

int harness_failures;
const char *harness_test = "";

void framing_tests(void);
void board_tests(void);

int main(void)
{
    framing_tests();
    board_tests();
    if (harness_failures) {
        fprintf(stderr, "%d check(s) failed\n", harness_failures);
        return 1;
    }
    printf("all firmware unit tests passed\n");
    return 0;
}
