import Foundation

/// Writing SVG text deterministically: escaped text, numbers with a fixed number of decimals, and
/// attributes in the order given (never a dictionary's order), so the same chart gives the same bytes.
struct SVGMarkup {
    private(set) var text = ""

    /// `<name a="1" b="2"/>`, or `<name ...>content</name>` when `content` is given (escaped here).
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?>, content: String? = nil) {
        text += "<" + name + SVGMarkup.attributeText(attributes)
        if let content { text += ">" + SVGMarkup.escape(content) + "</" + name + ">\n" } else { text += "/>\n" }
    }

    /// Opens a group; close it with `close("g")`.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        text += "<" + name + SVGMarkup.attributeText(attributes) + ">\n"
    }

    mutating func close(_ name: String) { text += "</" + name + ">\n" }

    mutating func raw(_ markup: String) { text += markup }

    /// Attributes whose value is nil are left out.
    private static func attributeText(_ attributes: KeyValuePairs<String, String?>) -> String {
        attributes.compactMap { key, value in value.map { " \(key)=\"\(escape($0))\"" } }.joined()
    }

    /// Text safe inside an element or a double- or single-quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with two decimals (a hundredth of a pixel), "-0.00" written as "0.00".
    static func fixed(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }

    /// A data value in the shortest form that reads back to the same Double (Swift's description).
    static func exact(_ value: Double) -> String { "\(value)" }
}
