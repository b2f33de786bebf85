/// The cells of a CSV file, read by a purpose-built RFC 4180 reader over the file's bytes, with the
/// file line on which each row starts.
///
/// Why not a general CSV library: SwiftCSV walks the text one `Character` (grapheme cluster) at a
/// time and appends to a `String` per character, and neither it nor yaslab/CSV.swift reports the
/// line of a malformed record; docs/PERFORMANCE.md compares the three on a 1,000,000-row file. This
/// reader scans UTF-8 bytes (every structural character, `,` `"` CR LF `#`, is ASCII and cannot occur
/// inside a multi-byte sequence), makes one `String` per cell, keeps the cells in one flat array, and
/// knows the line and field of every error as it meets it.
///
/// Grammar (RFC 4180, with the leniencies data files need):
/// - Encoding UTF-8, with or without a byte-order mark (validated once, up front). Records end at LF,
///   CRLF or CR; a line break inside a quoted field is part of the cell and counts as a file line.
/// - A record whose first non-blank character is `#` is a comment (metadata) and is skipped, as are
///   records whose cells are all blank; quotes inside a comment mean nothing.
/// - Spaces and tabs before a field's opening quote and after its closing quote are ignored; a quote
///   inside a quoted field is written `""`. A quoted field must end before the file does (else:
///   "unterminated quoted field starting here", at the line of its opening quote, without echoing the
///   rest of the file), and only blanks may follow its closing quote before the comma or line end.
/// - In an unquoted field `""` stands for one quote; a lone quote there is an error (it almost always
///   means the field should have been quoted).
/// - Cells are trimmed of surrounding whitespace. A record with more fields than the header is an
///   error unless the extra fields are blank (a trailing comma).
struct CSVTable {
    let source: String
    /// The file line of the header row.
    let headerLine: Int
    let header: [String]
    /// The file line on which each kept row starts (rows after the header with a non-blank cell).
    let lines: [Int]
    /// Row-major cells, `header.count` per row; a short row is padded with empty cells.
    private let cells: [String]

    var rowCount: Int { lines.count }

    /// The cell of `row` (0-based among kept rows) in `column` (0-based header position).
    func cell(_ row: Int, _ column: Int) -> String { cells[row * header.count + column] }

    /// Parses CSV text; `source` names it in messages.
    init(text: String, source: String) throws(SeriesError) {
        var text = text
        let parsed = text.withUTF8 { bytes in Result { () throws(SeriesError) in try CSVTable(utf8: bytes, source: source) } }
        self = try parsed.get()
    }

    /// Parses the bytes of a CSV file, which must be UTF-8 text; `source` names it in messages.
    init(bytes: [UInt8], source: String) throws(SeriesError) {
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(SeriesError) in
                guard String(validating: buffer, as: UTF8.self) != nil else {
                    throw .unreadable(source: source, reason: "not valid UTF-8 text")
                }
                return try CSVTable(utf8: buffer, source: source)
            }
        }
        self = try parsed.get()
    }

    /// Parses valid UTF-8 bytes.
    private init(utf8 bytes: UnsafeBufferPointer<UInt8>, source: String) throws(SeriesError) {
        var reader = CSVRecordReader(bytes: bytes)
        var record: [String] = []
        var header: [String]?, headerLine = 0
        var cells: [String] = [], lines: [Int] = []
        while let line = try reader.nextRecord(into: &record, source: source) {
            guard record.contains(where: { !$0.isEmpty }) else { continue }
            guard let header else {
                header = record
                headerLine = line
                continue
            }
            if record.count > header.count {
                guard record[header.count...].allSatisfy(\.isEmpty) else {
                    throw .malformedCSV(
                        source: source, line: line,
                        detail: "\(record.count) fields, but the header has \(header.count) (an unquoted comma?)")
                }
                record.removeLast(record.count - header.count)
            }
            cells.append(contentsOf: record)
            for _ in record.count..<header.count { cells.append("") }
            lines.append(line)
        }
        guard let header else { throw .noHeader(source: source) }
        self.source = source
        self.headerLine = headerLine
        self.header = header
        self.lines = lines
        self.cells = cells
    }
}

/// Splits UTF-8 bytes into records, following the grammar of `CSVTable`.
private struct CSVRecordReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var position: Int
    /// The file line of `position`.
    var line = 1
    /// Holds a field whose bytes are not one contiguous run of the file (doubled quotes).
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasByteOrderMark ? 3 : 0
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private var atEnd: Bool { position >= bytes.count }

    private func isLineBreak(_ byte: UInt8) -> Bool { byte == Self.lineFeed || byte == Self.carriageReturn }

    /// Consumes one line break (CRLF counts once) at `position`, counting the line.
    private mutating func consumeLineBreak() {
        if bytes[position] == Self.carriageReturn, position + 1 < bytes.count, bytes[position + 1] == Self.lineFeed {
            position += 1
        }
        position += 1
        line += 1
    }

    private mutating func skipBlanks() {
        while !atEnd, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
    }

    /// Reads the next record's trimmed cells into `record` and returns the line it starts on; nil at
    /// the end of the file. Comment records are skipped here.
    mutating func nextRecord(into record: inout [String], source: String) throws(SeriesError) -> Int? {
        record.removeAll(keepingCapacity: true)
        while true {
            guard !atEnd else { return nil }
            let start = position
            skipBlanks()
            guard !atEnd, bytes[position] == Self.hash else {
                position = start
                break
            }
            while !atEnd, !isLineBreak(bytes[position]) { position += 1 }
            if !atEnd { consumeLineBreak() }
        }
        let recordLine = line
        while true {
            let (cell, ended) = try nextField(field: record.count + 1, source: source)
            record.append(cell)
            if ended { return recordLine }
        }
    }

    /// Reads one field and the separator after it; `ended` is true when the record ended with it.
    private mutating func nextField(field: Int, source: String) throws(SeriesError) -> (String, ended: Bool) {
        skipBlanks()
        guard !atEnd else { return ("", true) }
        if bytes[position] == Self.quote { return try quotedField(field: field, source: source) }

        let start = position
        var escaped = false  // holds a doubled quote, so the bytes must be copied
        while !atEnd {
            let byte = bytes[position]
            if byte == Self.comma || isLineBreak(byte) { break }
            if byte == Self.quote {
                guard position + 1 < bytes.count, bytes[position + 1] == Self.quote else {
                    throw .malformedCSV(
                        source: source, line: line,
                        detail: "field \(field): a quote inside an unquoted field (quote the whole field and write the quote as \"\")")
                }
                escaped = true
                position += 2
                continue
            }
            position += 1
        }
        let cell: String
        if escaped {
            scratch.removeAll(keepingCapacity: true)
            var i = start
            while i < position {
                scratch.append(bytes[i])
                i += bytes[i] == Self.quote ? 2 : 1
            }
            cell = scratch.withUnsafeBufferPointer { Self.trimmedCell($0[...]) }
        } else {
            cell = Self.trimmedCell(bytes[start..<position])
        }
        return (cell, endField())
    }

    /// A field that starts with a quote at `position`.
    private mutating func quotedField(field: Int, source: String) throws(SeriesError) -> (String, ended: Bool) {
        let openingLine = line
        position += 1
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard !atEnd else {
                throw .malformedCSV(source: source, line: openingLine, detail: "unterminated quoted field starting here (field \(field))")
            }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    scratch.append(Self.quote)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if isLineBreak(byte) {
                let breakStart = position
                consumeLineBreak()
                scratch.append(contentsOf: bytes[breakStart..<position])
                continue
            }
            scratch.append(byte)
            position += 1
        }
        skipBlanks()
        if !atEnd, bytes[position] != Self.comma, !isLineBreak(bytes[position]) {
            let after = Self.trimmedCell(bytes[position..<min(position + 1, bytes.count)])
            throw .malformedCSV(
                source: source, line: line,
                detail: "field \(field): '\(after)' after the closing quote (write a quote inside a quoted field as \"\")")
        }
        let cell = scratch.withUnsafeBufferPointer { Self.trimmedCell($0[...]) }
        return (cell, endField())
    }

    /// Consumes the comma or line break after a field; true when the record ended.
    private mutating func endField() -> Bool {
        guard !atEnd else { return true }
        if bytes[position] == Self.comma {
            position += 1
            return false
        }
        consumeLineBreak()
        return true
    }

    /// The cell without surrounding whitespace. ASCII blanks are dropped from the bytes; a cell
    /// that then starts or ends with a non-ASCII byte is trimmed as text (no-break and other Unicode
    /// spaces count as whitespace, as `trimmingWhitespace` counts them).
    private static func trimmedCell(_ slice: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var lower = slice.startIndex, upper = slice.endIndex
        func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while lower < upper, isASCIIWhitespace(slice[lower]) { lower += 1 }
        while upper > lower, isASCIIWhitespace(slice[upper - 1]) { upper -= 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: slice[lower..<upper]), as: UTF8.self)
        guard lower < upper, slice[lower] >= 0x80 || slice[upper - 1] >= 0x80 else { return text }
        return text.trimmingWhitespace()
    }
}
