import Foundation
import _RSVGShims

/// The file formats `gdpfit plot` writes, chosen by the extension of `--out`: SVG as `SVGRenderer`
/// writes it, or PNG and PDF rendered from that same SVG by librsvg with cairo (`FigureRendering`).
/// A file is never written in one format under another format's name.
enum FigureFormat: String, CaseIterable, Sendable {
    case svg, png, pdf

    /// ".svg, .png or .pdf", for messages and help.
    static let supportedList = "." + allCases.dropLast().map(\.rawValue).joined(separator: ", .") + " or ." + allCases.last!.rawValue

    /// The extension of the last path component ("fig.PNG" gives "png"), nil when it has none.
    static func fileExtension(of path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : ext.lowercased()
    }

    /// The format the path's extension names, nil for any other extension or none.
    init?(path: String) {
        guard let ext = Self.fileExtension(of: path), let format = FigureFormat(rawValue: ext) else { return nil }
        self = format
    }
}

/// PNG and PDF drawn from the SVG text of a chart by librsvg (SVG parsing and drawing) and cairo
/// (the image and PDF surfaces), through the `_RSVGShims` module: the figure in every format is the
/// same picture, and the SVG stays the one description of it.
///
/// Sizes follow CSS, as browsers and librsvg do: the SVG's width and height are pixels, a PNG has
/// exactly that many pixels, and a PDF page is that size at 96 pixels per inch, i.e. 0.75 PDF points
/// (1/72 inch) per pixel, so an 800 × 520 px chart is a 600 × 390 pt (8.33 × 5.42 in) page with the
/// text as vector glyphs. Text is set in the generic sans-serif family, which fontconfig resolves to
/// an installed font (DejaVu Sans on Debian; scripts/setup.sh installs fonts-dejavu-core).
///
/// Both outputs are deterministic: a PDF carries no creation date.
enum FigureRendering {
    /// PDF points per SVG pixel: 72 points per inch over CSS's 96 pixels per inch.
    static let pointsPerPixel = 72.0 / 96.0

    /// Why rendering failed, in one line (librsvg's or cairo's own message, newlines folded).
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The file's bytes: the SVG text itself for `.svg`, else its rendering.
    static func bytes(svg: String, as format: FigureFormat) throws(Failure) -> [UInt8] {
        switch format {
        case .svg: return Array(svg.utf8)
        case .png: return try render(svg, GDPFIT_FIGURE_PNG)
        case .pdf: return try render(svg, GDPFIT_FIGURE_PDF)
        }
    }

    private static func render(_ svg: String, _ format: gdpfit_figure_format) throws(Failure) -> [UInt8] {
        var buffer = gdpfit_byte_buffer()
        var message: UnsafeMutablePointer<CChar>? = nil
        let bytes = Array(svg.utf8)
        let status = bytes.withUnsafeBufferPointer { svgBytes in
            svgBytes.withMemoryRebound(to: CChar.self) { text in
                gdpfit_render_svg(text.baseAddress, text.count, format, pointsPerPixel, &buffer, &message)
            }
        }
        defer {
            free(buffer.data)
            free(message)
        }
        guard status == 0, let data = buffer.data else {
            let text = message.map { String(cString: $0) } ?? "librsvg and cairo gave no output"
            throw Failure(description: text.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return Array(UnsafeBufferPointer(start: data, count: buffer.length))
    }
}
