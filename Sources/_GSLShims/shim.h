// _GSLShims: an INTERNAL module. Only the Fitting target imports it; GrowthModels, the command
// line, the benchmark and the tests reach GSL through Fitting's Swift API (its special functions,
// distributions and engines), which checks every status and turns GSL's error handler off in one
// place (Fitting/GSLErrorHandler.swift). The leading underscore says so, as in swift-numerics'
// `_NumericsShims`. Thin shim over GSL for Swift.
//
// Swift 6 language mode rejects reads of C global variables, and GSL exposes its algorithm
// descriptors (trust-region methods, scalings, solvers, random number generator types) as globals.
// Each is reached here through a `static inline` accessor instead. Nothing else belongs in this file.
#ifndef GDPFIT_GSL_SHIMS_H
#define GDPFIT_GSL_SHIMS_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_bessel.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_result.h>

static inline const gsl_multifit_nlinear_type *gdpfit_nlinear_trust(void) { return gsl_multifit_nlinear_trust; }

static inline const gsl_multifit_nlinear_trs *gdpfit_trs_lm(void) { return gsl_multifit_nlinear_trs_lm; }
static inline const gsl_multifit_nlinear_trs *gdpfit_trs_lmaccel(void) { return gsl_multifit_nlinear_trs_lmaccel; }
static inline const gsl_multifit_nlinear_trs *gdpfit_trs_dogleg(void) { return gsl_multifit_nlinear_trs_dogleg; }
static inline const gsl_multifit_nlinear_trs *gdpfit_trs_ddogleg(void) { return gsl_multifit_nlinear_trs_ddogleg; }
static inline const gsl_multifit_nlinear_trs *gdpfit_trs_subspace2D(void) { return gsl_multifit_nlinear_trs_subspace2D; }

static inline const gsl_multifit_nlinear_scale *gdpfit_scale_more(void) { return gsl_multifit_nlinear_scale_more; }
static inline const gsl_multifit_nlinear_scale *gdpfit_scale_levenberg(void) { return gsl_multifit_nlinear_scale_levenberg; }
static inline const gsl_multifit_nlinear_scale *gdpfit_scale_marquardt(void) { return gsl_multifit_nlinear_scale_marquardt; }

static inline const gsl_multifit_nlinear_solver *gdpfit_solver_qr(void) { return gsl_multifit_nlinear_solver_qr; }
static inline const gsl_multifit_nlinear_solver *gdpfit_solver_cholesky(void) { return gsl_multifit_nlinear_solver_cholesky; }
static inline const gsl_multifit_nlinear_solver *gdpfit_solver_svd(void) { return gsl_multifit_nlinear_solver_svd; }

static inline const gsl_multimin_fdfminimizer_type *gdpfit_multimin_vector_bfgs2(void) { return gsl_multimin_fdfminimizer_vector_bfgs2; }

#endif
