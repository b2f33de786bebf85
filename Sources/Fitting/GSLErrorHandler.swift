import _GSLShims

/// GSL's default error handler calls abort(): one bad call (n < p, say) would kill the whole process.
/// This is the one place that turns it off. Every Fitting entry point that calls GSL (the
/// least-squares engines, the likelihood maximiser, the distributions, the special functions)
/// calls `ensureDisabled()` first; a Swift `static let` is initialised lazily, exactly once and
/// thread-safely, so the handler is switched off before the first GSL call whichever entry point
/// comes first, and GSL only returns status codes, each checked where it is returned. No other
/// module calls GSL: `_GSLShims` is imported by Fitting alone.
enum GSLErrorHandler {
    static let disabled: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    @inline(__always) static func ensureDisabled() { _ = disabled }
}
