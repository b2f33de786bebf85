import Foundation

/// How data values map onto an axis. Every scale is linear in its `position`, so a pixel coordinate is
/// `start + (position(v) - position(lower)) / (position(upper) - position(lower)) * length`.
enum AxisScale: Equatable, Sendable {
    /// position(v) = v.
    case linear
    /// position(v) = log10(v); only v > 0 can be placed.
    case log10
    /// Years before a reference year, on a log scale, reversed so that time still runs left to right:
    /// position(t) = -log10(reference - t); only t < reference can be placed. This is the usual way to
    /// show the whole of human history in one figure (Kremer 1993, fig. I; Roodman 2020, fig. 2): each
    /// decade of "years ago" gets the same width, so the Neolithic, antiquity and the industrial era
    /// are all visible. Ticks are labelled with calendar years, not with distances.
    case yearsBefore(reference: Double)

    /// The value's coordinate on the scale's linear line, nil when it cannot be placed.
    func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : nil
        case .yearsBefore(let reference): return value < reference ? -Foundation.log10(reference - value) : nil
        }
    }

    /// The inverse of `position`.
    func value(atPosition position: Double) -> Double {
        switch self {
        case .linear: position
        case .log10: pow(10, position)
        case .yearsBefore(let reference): reference - pow(10, -position)
        }
    }

    /// Why a finite value cannot be placed, for the notes on the chart.
    var domainRestriction: String {
        switch self {
        case .linear: "every finite value can be placed"
        case .log10: "zero or negative values cannot be placed on a log scale"
        case .yearsBefore(let reference): "years at or after \(YearTicks.label(reference)) cannot be placed on a years-before-\(YearTicks.label(reference)) scale"
        }
    }
}

/// One tick mark; minor ticks have no label.
struct AxisTick: Equatable, Sendable {
    var value: Double
    var label: String?
}

/// An axis with its range fixed: maps data values to pixels and chooses its ticks.
struct AxisMapping: Sendable {
    let axis: ChartAxis
    /// The range shown, in data units.
    let lower: Double
    let upper: Double
    /// Pixel coordinates of `lower` and `upper` (for a vertical axis `start` is the bottom).
    let start: Double
    let end: Double
    private let lowerPosition: Double
    private let upperPosition: Double

    /// `lower` and `upper` should come from `range(for:values:)`, which only returns bounds the scale
    /// can place; bounds it cannot place fall back to positions 0 and 1 rather than trap.
    init(axis: ChartAxis, lower: Double, upper: Double, start: Double, end: Double) {
        self.axis = axis
        self.lower = lower
        self.upper = upper
        self.start = start
        self.end = end
        let a = axis.scale.position(lower), b = axis.scale.position(upper)
        (lowerPosition, upperPosition) = if let a, let b, b > a { (a, b) } else { (0, 1) }
    }

    /// The pixel coordinate of `value`, nil when the scale cannot place it.
    func pixel(_ value: Double) -> Double? {
        guard let position = axis.scale.position(value) else { return nil }
        return start + (position - lowerPosition) / (upperPosition - lowerPosition) * (end - start)
    }

    /// Whether `value` lies in the range shown (with a tolerance of a thousandth of a pixel).
    func contains(_ value: Double) -> Bool {
        guard let p = pixel(value) else { return false }
        return p >= min(start, end) - 1e-3 && p <= max(start, end) + 1e-3
    }

    /// The range shown: `axis.range` when given and placeable, else the placeable `values` padded by
    /// 4% of their span on the scale (half a decade either side of a single value on a log scale).
    static func range(for axis: ChartAxis, values: [Double]) -> (lower: Double, upper: Double) {
        let scale = axis.scale
        if let fixed = axis.range, let a = scale.position(fixed.lowerBound), let b = scale.position(fixed.upperBound),
           b > a {
            return (fixed.lowerBound, fixed.upperBound)
        }
        let positions = values.compactMap(scale.position)
        let fallback = (scale.value(atPosition: scale == .linear ? 0 : -1), scale.value(atPosition: scale == .linear ? 1 : 0))
        guard var low = positions.min(), var high = positions.max() else { return fallback }
        if high - low < 1e-12 * max(1, abs(low)) {
            let half = scale == .linear ? max(abs(low) * 0.1, 1) : 0.5
            low -= half
            high += half
        } else {
            let pad = 0.04 * (high - low)
            low -= pad
            high += pad
        }
        // Bounds beyond double range (a log axis past 1e308 or below 1e-308) cannot be placed.
        let lower = scale.value(atPosition: low), upper = scale.value(atPosition: high)
        guard let a = scale.position(lower), let b = scale.position(upper), b > a else { return fallback }
        return (lower, upper)
    }

    /// Tick marks that fit without overlapping labels, `labelExtent` giving each label's size along the
    /// axis in pixels (its width on a horizontal axis, its height on a vertical one).
    func ticks(labelExtent: (String) -> Double) -> [AxisTick] {
        let length = abs(end - start)
        let fits = { (ticks: [AxisTick]) in self.labelsFit(ticks, labelExtent: labelExtent) }
        switch (axis.scale, axis.tickLabels) {
        case (.yearsBefore(let reference), _):
            return YearTicks.yearsBeforeTicks(reference: reference, mapping: self, labelExtent: labelExtent)
        case (.log10, _):
            return AxisMapping.oneLabelStyle(logTicks(fits: fits, length: length))
        case (.linear, .years):
            return linearTicks(in: lower...upper, years: true, fits: fits) ?? []
        case (.linear, .numbers):
            return AxisMapping.oneLabelStyle(linearTicks(in: lower...upper, years: false, fits: fits) ?? [])
        }
    }

    /// The labels of one axis in one style: plain numbers ("0.001", "1000", "10,000", "1,000,000")
    /// when every labelled value lies from 0.0001 to 1,000,000 in magnitude (or is zero), else every
    /// label as a power of ten ("10³", "10⁷", "2.5×10⁷"), so that an axis never mixes "1,000,000"
    /// with "1e7". Power-of-ten labels are never wider than the plain ones they replace, so ticks
    /// chosen to fit still fit.
    static func oneLabelStyle(_ ticks: [AxisTick]) -> [AxisTick] {
        let plain = ticks.allSatisfy { tick in
            guard tick.label != nil else { return true }
            let magnitude = abs(tick.value)
            return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e7)
        }
        guard !plain else { return ticks }
        return ticks.map { tick in
            tick.label == nil ? tick : AxisTick(value: tick.value, label: powerOfTenLabel(tick.value))
        }
    }

    /// "10⁷", "-10⁻⁵", "2.5×10⁷" (three significant digits at most), "0".
    static func powerOfTenLabel(_ value: Double) -> String {
        guard value != 0, value.isFinite else { return value == 0 ? "0" : NumberFormat.significant(value, digits: 3) }
        var exponent = Int(floor(Foundation.log10(abs(value))))
        var mantissa = (abs(value) / pow(10, Double(exponent)) * 100).rounded() / 100
        if mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let superscript = String(String(exponent).map { character -> Character in
            switch character {
            case "-": "⁻"
            case "0": "⁰"
            case "1": "¹"
            case "2": "²"
            case "3": "³"
            default: Character(UnicodeScalar(0x2070 + Int(String(character))!)!)
            }
        })
        let sign = value < 0 ? "-" : ""
        if mantissa == 1 { return sign + "10" + superscript }
        return sign + NumberFormat.significant(mantissa, digits: 3) + "×10" + superscript
    }

    /// Whether labelled ticks keep a gap of at least `minimumLabelGap` pixels between their labels.
    func labelsFit(_ ticks: [AxisTick], labelExtent: (String) -> Double) -> Bool {
        let placed = ticks.compactMap { tick -> (pixel: Double, extent: Double)? in
            guard let label = tick.label, let p = pixel(tick.value) else { return nil }
            return (p, labelExtent(label))
        }.sorted { $0.pixel < $1.pixel }
        return zip(placed, placed.dropFirst()).allSatisfy { a, b in
            b.pixel - a.pixel >= (a.extent + b.extent) / 2 + AxisMapping.minimumLabelGap
        }
    }

    static let minimumLabelGap = 8.0

    /// Ticks at the multiples of the smallest 1-2-5 step (1, 2, 5 times a power of ten) that is at least
    /// a tenth of the range and whose labels fit. Nil when even a step as wide as the range does not fit.
    /// With year labels there is no tick at 0 (the calendar has no year 0): it moves to 1 CE.
    func linearTicks(in range: ClosedRange<Double>, years: Bool, fits: ([AxisTick]) -> Bool) -> [AxisTick]? {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return nil }
        var exponent = Int(floor(Foundation.log10(span / 10)))
        while true {
            for mantissa in [1.0, 2.0, 5.0] {
                let step = mantissa * pow(10, Double(exponent))
                if step < span / 10 { continue }
                if step > span { return nil }
                let first = ceil(range.lowerBound / step - 1e-9)
                let last = floor(range.upperBound / step + 1e-9)
                let decimals = max(0, -Int(floor(Foundation.log10(step) + 1e-9)))
                let ticks: [AxisTick] = stride(from: first, through: last, by: 1).compactMap { multiple in
                    let value = multiple == 0 ? 0 : multiple * step
                    if years {
                        if value == 0 { return step >= 10 ? AxisTick(value: 1, label: YearTicks.label(1)) : nil }
                        return AxisTick(value: value, label: YearTicks.label(value))
                    }
                    return AxisTick(value: value, label: AxisMapping.numberLabel(value, decimals: decimals))
                }
                if fits(ticks) { return ticks }
            }
            exponent += 1
        }
    }

    /// Log-axis ticks: labelled decades (every second, fifth or tenth decade if they crowd) with
    /// unlabelled minor ticks at 2-9 times each decade when at most six decades are shown; within a
    /// range of less than two decades, 1-2-5 values; within less than that, linear ticks.
    private func logTicks(fits: ([AxisTick]) -> Bool, length: Double) -> [AxisTick] {
        let low = Foundation.log10(lower), high = Foundation.log10(upper)
        let firstDecade = Int(ceil(low - 1e-9)), lastDecade = Int(floor(high + 1e-9))
        if lastDecade - firstDecade >= 1 {
            for every in [1, 2, 5, 10, 20, 50] {
                let major = (firstDecade...lastDecade).filter { $0 % every == 0 }.map { decade in
                    AxisTick(value: pow(10, Double(decade)), label: AxisMapping.decadeLabel(decade))
                }
                guard major.count >= 2, fits(major) else { continue }
                guard every == 1, lastDecade - firstDecade <= 6 else { return major }
                let minor = (firstDecade - 1...lastDecade).flatMap { decade in
                    (2...9).map { AxisTick(value: Double($0) * pow(10, Double(decade)), label: nil) }
                }.filter { contains($0.value) }
                return (major + minor).sorted { $0.value < $1.value }
            }
        }
        let oneTwoFive = (firstDecade - 1...lastDecade).flatMap { decade in
            [1.0, 2.0, 5.0].map { mantissa in
                let value = mantissa * pow(10, Double(decade))
                return AxisTick(value: value, label: NumberFormat.significant(value, digits: 3))
            }
        }.filter { contains($0.value) }
        if oneTwoFive.count >= 2, fits(oneTwoFive) { return oneTwoFive }
        return linearTicks(in: lower...upper, years: false, fits: fits) ?? []
    }

    /// A tick label with a fixed number of decimals, thousands separated by commas from 10,000 up.
    static func numberLabel(_ value: Double, decimals: Int) -> String {
        if abs(value) >= 1e7 || (value != 0 && decimals > 6) { return NumberFormat.significant(value, digits: 3) }
        let text = String(format: "%.\(decimals)f", value)
        guard decimals == 0, abs(value) >= 10_000 else { return text == "-0" ? "0" : text }
        return groupedInteger(value)
    }

    /// "10,000", "-1,000,000": an integer with comma thousands separators (locale-independent).
    static func groupedInteger(_ value: Double) -> String {
        let digits = String(format: "%.0f", abs(value))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// 10^decade in plain notation from 0.0001 to 1,000,000, else as "10⁻⁵", "10⁷" (see `oneLabelStyle`).
    static func decadeLabel(_ decade: Int) -> String {
        switch decade {
        case ..<(-4), 7...: powerOfTenLabel(pow(10, Double(decade)))
        case ..<0: "0." + String(repeating: "0", count: -decade - 1) + "1"
        default: numberLabel(pow(10, Double(decade)), decimals: 0)
        }
    }
}
