// Declarations only (see include/CFuzzerDriver.h); the driver itself comes from
// libFuzzer, which -sanitize=fuzzer links into every fuzzer.
#include "CFuzzerDriver.h"
