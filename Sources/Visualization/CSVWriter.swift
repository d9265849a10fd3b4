import Foundation

/// Accumulates a header and rows and writes them as a CSV file (RFC 4180 style, `\n` line ends).
///
/// Numbers are written in the shortest form that reads back to exactly the same `Double`
/// (e.g. `0.1`, `1e-05`, `3.141592653589793`); NaN and infinities are written as `nan`, `inf`
/// and `-inf`, which NumPy and pandas read. Text fields containing a comma, double quote or line
/// break are quoted with inner quotes doubled.
///
/// ```swift
/// var csv = CSVWriter(header: ["epoch", "loss"])
/// try csv.appendRow([0, 0.25])
/// try csv.write(to: URL(fileURLWithPath: "loss.csv"))
/// ```
public struct CSVWriter: Sendable {
    /// Column names; when non-empty every row must have this many fields.
    public let header: [String]
    /// The rows appended so far, already formatted as fields.
    public private(set) var rows: [[String]]

    /// Creates a writer with the given column names (an empty header writes no header line).
    public init(header: [String]) {
        self.header = header
        self.rows = []
    }

    /// Creates a writer for equally long columns, one row per index.
    ///
    /// - Throws: ``VisualizationError/columnCountMismatch(expected:actual:)`` when the number of
    ///   columns differs from the header, or ``VisualizationError/elementCountMismatch(expected:actual:)``
    ///   when the columns differ in length.
    public init(header: [String], columns: [[Double]]) throws {
        guard columns.count == header.count else {
            throw VisualizationError.columnCountMismatch(expected: header.count, actual: columns.count)
        }
        let length = columns.first?.count ?? 0
        for column in columns where column.count != length {
            throw VisualizationError.elementCountMismatch(expected: length, actual: column.count)
        }
        self.init(header: header)
        for row in 0..<length {
            try appendRow(columns.map { $0[row] })
        }
    }

    /// Appends a row of numbers.
    ///
    /// - Throws: ``VisualizationError/columnCountMismatch(expected:actual:)`` when the header is
    ///   non-empty and the row has a different number of fields.
    public mutating func appendRow(_ values: [Double]) throws {
        try appendFields(values.map(Self.format))
    }

    /// Appends a row of mixed numbers and text.
    ///
    /// - Throws: ``VisualizationError/columnCountMismatch(expected:actual:)`` as for numbers.
    public mutating func appendRow(_ values: [CSVValue]) throws {
        try appendFields(values.map(\.csvField))
    }

    /// Appends a row of text fields.
    ///
    /// - Throws: ``VisualizationError/columnCountMismatch(expected:actual:)`` as for numbers.
    public mutating func appendRow(_ values: [String]) throws {
        try appendFields(values.map(Self.quoteIfNeeded))
    }

    /// The whole file as a string: the header line (if any), then one line per row.
    public func csvString() -> String {
        var lines: [String] = []
        lines.reserveCapacity(rows.count + 1)
        if !header.isEmpty { lines.append(header.map(Self.quoteIfNeeded).joined(separator: ",")) }
        for row in rows { lines.append(row.joined(separator: ",")) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Writes the CSV as UTF-8, atomically replacing any existing file.
    public func write(to url: URL) throws {
        try AtomicFileWriter.write(csvString(), to: url)
    }

    /// Formats a number so that parsing the text gives back exactly the same `Double`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    /// Quotes a text field when it contains a comma, double quote, CR or LF.
    public static func quoteIfNeeded(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private mutating func appendFields(_ fields: [String]) throws {
        guard header.isEmpty || fields.count == header.count else {
            throw VisualizationError.columnCountMismatch(expected: header.count, actual: fields.count)
        }
        rows.append(fields)
    }
}
