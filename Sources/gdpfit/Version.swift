/// gdpfit's version, printed by `gdpfit --version`: the one place it is written.
enum GDPFitVersion {
    static let string = "0.1.0"
}
