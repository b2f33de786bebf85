import CGSL

/// GSL's default error handler calls abort(): one bad call (n < p, say) would kill the whole process.
/// Every entry point into GSL touches `GSLErrorHandler.disabled` first, which turns the handler off
/// exactly once (a Swift `static let` is initialised lazily and thread-safely), so GSL only returns
/// status codes, and each is checked where it is returned.
enum GSLErrorHandler {
    static let disabled: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    @inline(__always) static func ensureDisabled() { _ = disabled }
}
