import Foundation
import GrowthModels

/// The figure of `gdpfit test --data-uncertainty N --plot FILE`: for each question of the test
/// (growth form's B reading, level form's preferred model, hyperbola against the phase-transition
/// path) a panel of horizontal bars, one per dataset and era, each cut into the shares of draws
/// giving each verdict (left to right in the question's order, so bars compare at a glance).
///
/// Drawn directly as SVG (the `Chart` value describes curves on numeric axes, not categories),
/// with the same conventions as `SVGRenderer`: deterministic bytes, text in the generic sans-serif
/// family, the Okabe-Ito palette, and data attributes for tests: every segment is a
/// `<rect class="share">` with `data-dataset`, `data-era`, `data-question`, `data-verdict` and
/// `data-share`. PNG and PDF are rendered from this SVG (`FigureRendering`).
enum ShareChart {
    static let width = 800.0
    static let rowHeight = 16.0
    static let barHeight = 11.0
    static let labelWidth = 230.0
    static let margin = 12.0
    static let fontSize = 11.0

    /// A verdict's fill: the same colour wherever it appears; "too few" light grey, "failed" dark grey.
    static func colour(_ verdict: DrawnVerdict) -> String {
        switch verdict {
        case .reading(.proportional): ChartColour.blue.rawValue
        case .reading(.constant): ChartColour.orange.rawValue
        case .reading(.risingLessThanProportionally): ChartColour.bluishGreen.rawValue
        case .reading(.risingMoreThanProportionally): ChartColour.reddishPurple.rawValue
        case .reading(.falling): ChartColour.vermillion.rawValue
        case .reading(.indeterminate): ChartColour.skyBlue.rawValue
        case .preferred(.exponential): ChartColour.orange.rawValue
        case .preferred(.proportionalHyperbolic): ChartColour.skyBlue.rawValue
        case .preferred: ChartColour.blue.rawValue
        case .phase(.stableDynamics): ChartColour.blue.rawValue
        case .phase(.phaseTransition): ChartColour.vermillion.rawValue
        case .tooFewToGrade: "#BBBBBB"
        case .failed: "#555555"
        }
    }

    static let titles: [DataUncertaintyQuestion: String] = [
        .proportionality: "Growth form: B's reading at 5%",
        .preferredLevelModel: "Level form: the model preferred by BIC",
        .stableVersusPhase: "Whole window: hyperbola or phase-transition path (modified BIC)",
    ]

    static func svg(_ results: [DataUncertaintyResult]) -> String {
        var body = SVGMarkup()
        var y = margin
        let barLeft = margin + labelWidth, barWidth = width - barLeft - 2 * margin
        let draws = results.first?.draws ?? 0
        let title = "Share of \(draws) data-uncertainty draws giving each verdict"
        body.element("text", ["x": SVGMarkup.fixed(margin), "y": SVGMarkup.fixed(y + 14), "font-size": "14",
                              "font-weight": "bold"], content: title)
        y += 28
        for question in DataUncertaintyQuestion.allCases {
            let rows = results.flatMap { result in
                result.questions.filter { $0.question == question }.map { (result.dataset, $0) }
            }
            guard !rows.isEmpty else { continue }
            body.element("text", ["x": SVGMarkup.fixed(margin), "y": SVGMarkup.fixed(y + 12), "font-size": "12",
                                  "font-weight": "bold"], content: titles[question] ?? question.rawValue)
            y += 20
            let top = y
            for (dataset, shares) in rows {
                let label = question == .stableVersusPhase ? dataset : "\(dataset), \(shares.era.name)"
                body.element("text", ["x": SVGMarkup.fixed(barLeft - 6), "y": SVGMarkup.fixed(y + barHeight - 1.5),
                                      "font-size": SVGMarkup.fixed(fontSize), "text-anchor": "end"], content: label)
                var left = barLeft
                for share in shares.shares where share.draws > 0 {
                    let w = barWidth * share.share
                    body.element("rect", [
                        "class": "share", "x": SVGMarkup.fixed(left), "y": SVGMarkup.fixed(y), "width": SVGMarkup.fixed(w),
                        "height": SVGMarkup.fixed(barHeight), "fill": colour(share.verdict),
                        "data-dataset": dataset, "data-era": shares.era.name, "data-question": question.rawValue,
                        "data-verdict": share.verdict.description, "data-share": SVGMarkup.exact(share.share),
                    ])
                    left += w
                }
                y += rowHeight
            }
            // Gridlines and percentages at 0, 25, 50, 75 and 100%.
            for quarter in 0...4 {
                let x = barLeft + barWidth * Double(quarter) / 4
                body.element("line", ["class": "grid", "x1": SVGMarkup.fixed(x), "y1": SVGMarkup.fixed(top - 2),
                                      "x2": SVGMarkup.fixed(x), "y2": SVGMarkup.fixed(y), "stroke": "#000000",
                                      "stroke-opacity": "0.3", "stroke-width": "0.5"])
                body.element("text", ["x": SVGMarkup.fixed(x), "y": SVGMarkup.fixed(y + 11), "font-size": "10",
                                      "text-anchor": "middle"], content: "\(quarter * 25)%")
            }
            y += 18
            // The legend: the verdicts some draw gave, in the question's order.
            let given = question.verdicts.filter { verdict in rows.contains { $0.1.shares.contains { $0.verdict == verdict && $0.draws > 0 } } }
            var x = barLeft
            for verdict in given {
                let text = DataUncertaintyRendering.words(verdict)
                let entryWidth = 16 + SVGRenderer.textWidth(text, fontSize: fontSize) + 14
                if x + entryWidth > width - margin, x > barLeft {
                    x = barLeft
                    y += rowHeight
                }
                body.element("rect", ["x": SVGMarkup.fixed(x), "y": SVGMarkup.fixed(y), "width": "11", "height": "11",
                                      "fill": colour(verdict)])
                body.element("text", ["class": "legend", "x": SVGMarkup.fixed(x + 16), "y": SVGMarkup.fixed(y + 10),
                                      "font-size": SVGMarkup.fixed(fontSize)], content: text)
                x += entryWidth
            }
            y += rowHeight + 12
        }
        let height = y + margin
        var svg = SVGMarkup()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": SVGMarkup.fixed(width), "height": SVGMarkup.fixed(height),
                         "viewBox": "0 0 \(SVGMarkup.fixed(width)) \(SVGMarkup.fixed(height))", "font-family": "sans-serif"])
        svg.element("rect", ["x": "0", "y": "0", "width": SVGMarkup.fixed(width), "height": SVGMarkup.fixed(height), "fill": "#FFFFFF"])
        svg.raw(body.text)
        svg.close("svg")
        return svg.text
    }
}
