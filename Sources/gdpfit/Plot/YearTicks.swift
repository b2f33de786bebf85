import Foundation

/// Calendar-year tick labels and the ticks of a years-before-present axis.
///
/// Years follow the project's convention (see `YearParsing`): BCE years are negative, 1 CE is 1, and
/// there is no year 0. Labels read as historians write them: "10,000 BCE", "500 BCE", "1 CE", "1500",
/// with comma thousands separators from 10,000 up so that "1,000,000 BCE" can be read at a glance.
enum YearTicks {
    /// The label of a calendar year: "10,000 BCE", "1 CE", "1500"; a fractional year in plain digits.
    static func label(_ year: Double) -> String {
        let whole = year.rounded()
        guard abs(year - whole) < 1e-9, abs(whole) < 1e15 else { return NumberFormat.significant(year) }
        let digits = abs(whole) >= 10_000 ? AxisMapping.groupedInteger(abs(whole)) : String(format: "%.0f", abs(whole))
        if whole < 0 { return digits + " BCE" }
        return whole == 1 ? "1 CE" : digits
    }

    /// Orders roundness by power of ten, then 1 before 5 before 2 within one power (the 1-2-5 ladder's
    /// usual preference): 100,000 BCE is kept before 200,000 BCE, 1900 before 1500 before 1800.
    private static func rank(_ step: Double) -> Double {
        guard step.isFinite else { return .infinity }
        let exponent = floor(log10(step) + 1e-9)
        let mantissa = (step / pow(10, exponent)).rounded()
        return exponent * 10 + (mantissa == 1 ? 3 : mantissa == 5 ? 2 : 1)
    }

    /// Ticks for a `.yearsBefore(reference:)` axis, labelled with round calendar years.
    ///
    /// Equal steps of calendar years would crowd near the reference year and be empty in the deep past,
    /// so candidates are years that are round relative to their distance from the reference: a multiple
    /// of a 1-2-5 step s qualifies when s is at least a quarter of its distance, reference - t (with a
    /// reference of 2020: 1950, a multiple of 50 at 70 years' distance, and 10,000 BCE, but not 1970 or
    /// 1100). Candidates are taken roundest
    /// first (by the largest step dividing the year, see `rank`; year 0, divisible by all, stands for
    /// 1 CE) and kept
    /// when their labels stay clear of those already kept (by 4 px more than on other axes, since
    /// these ticks are unevenly spaced), so no two labels overlap.
    static func yearsBeforeTicks(reference: Double, mapping: AxisMapping, labelExtent: (String) -> Double) -> [AxisTick] {
        let low = min(mapping.lower, mapping.upper), high = max(mapping.lower, mapping.upper)
        let nearest = reference - high, farthest = reference - low
        guard nearest > 0, farthest.isFinite else { return [] }
        var roundness: [Double: Double] = [:]
        let firstExponent = max(0, Int(floor(log10(nearest / 4)))), lastExponent = Int(ceil(log10(farthest)))
        if firstExponent <= lastExponent {
            for exponent in firstExponent...lastExponent {
                for mantissa in [1.0, 2.0, 5.0] {
                    let step = mantissa * pow(10, Double(exponent))
                    let first = ceil(max(low, reference - 4 * step) / step), last = floor(high / step)
                    guard first <= last else { continue }
                    for multiple in stride(from: first, through: last, by: 1) {
                        let year = multiple == 0 ? 1 : multiple * step  // no year 0: its tick marks 1 CE
                        roundness[year] = max(roundness[year] ?? 0, multiple == 0 ? .infinity : step)
                    }
                }
            }
        }
        let candidates = roundness.sorted { (rank($0.value), -$0.key) > (rank($1.value), -$1.key) }
            .map { year, _ in AxisTick(value: year, label: label(year)) }
            .filter { mapping.contains($0.value) }
        var kept: [AxisTick] = []
        for candidate in candidates where mapping.labelsFit(kept + [candidate], labelExtent: { labelExtent($0) + 4 }) {
            kept.append(candidate)
        }
        return kept.sorted { $0.value < $1.value }
    }
}
