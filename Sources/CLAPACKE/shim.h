// Thin shim over LAPACKE (the C interface to LAPACK) for Swift. Nothing but the include.
#ifndef GDPFIT_CLAPACKE_SHIM_H
#define GDPFIT_CLAPACKE_SHIM_H
#include <lapacke.h>
#endif
