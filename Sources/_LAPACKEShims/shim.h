// _LAPACKEShims: an INTERNAL module. Only the Fitting target imports it (its linear least squares
// and Cholesky code); everything else uses Fitting's Swift API. The leading underscore says so, as
// in swift-numerics' `_NumericsShims`. Thin shim over LAPACKE (the C interface to LAPACK) for
// Swift: nothing but the include. LAPACKE never aborts: a positive `info` is a normal return.
#ifndef GDPFIT_LAPACKE_SHIMS_H
#define GDPFIT_LAPACKE_SHIMS_H
#include <lapacke.h>
#endif
