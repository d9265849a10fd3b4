/// A problem reading or writing a Matrix Market file, with the 1-based line where it was found.
///
/// `description` is one line: `path:line: problem`, e.g.
/// `A.mtx:7: entry has 2 fields, a real matrix needs 3 (row column value)`.
public struct MatrixMarketError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file could not be read or written (the reason from the system).
        case io(String)
        /// The first line is not a `%%MatrixMarket matrix …` banner.
        case missingBanner
        /// The banner has the wrong number of words or an unknown word.
        case malformedBanner(String)
        /// A valid Matrix Market feature this reader does not handle (array format, complex or
        /// Hermitian matrices, skew-symmetry).
        case unsupported(String)
        /// The size line (`rows columns entries`) is missing or malformed.
        case malformedSizeLine(String)
        /// An entry line is malformed (wrong number of fields, a field that is not a number).
        case malformedEntry(String)
        /// An entry's 1-based indices lie outside the matrix.
        case indexOutOfRange(row: Int, column: Int, rows: Int, columns: Int)
        /// A symmetric file stores an entry above the diagonal (only the lower triangle is allowed).
        case entryAboveDiagonal(row: Int, column: Int)
        /// The file ends before the number of entries the size line announced.
        case missingEntries(expected: Int, found: Int)
        /// The file has more entry lines than the size line announced.
        case extraEntries(expected: Int)
        /// Writing a symmetric file from a matrix that is not symmetric.
        case notSymmetric
    }

    /// What went wrong.
    public let kind: Kind
    /// The 1-based line number, when the problem is at a line.
    public let line: Int?
    /// The file path, when reading or writing a file.
    public let path: String?

    public init(_ kind: Kind, line: Int? = nil, path: String? = nil) {
        self.kind = kind
        self.line = line
        self.path = path
    }

    public var description: String {
        let place = [path, line.map { "line \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return (place.isEmpty ? "Matrix Market: " : "Matrix Market (\(place)): ") + message
    }

    private var message: String {
        switch kind {
        case let .io(reason): return reason
        case .missingBanner: return "missing banner: the first line must start with '%%MatrixMarket matrix'"
        case let .malformedBanner(reason): return "malformed banner: \(reason)"
        case let .unsupported(feature): return "unsupported: \(feature)"
        case let .malformedSizeLine(reason): return "malformed size line: \(reason)"
        case let .malformedEntry(reason): return "malformed entry: \(reason)"
        case let .indexOutOfRange(row, column, rows, columns):
            return "entry (\(row), \(column)) lies outside the \(rows) × \(columns) matrix (indices are 1-based)"
        case let .entryAboveDiagonal(row, column):
            return "entry (\(row), \(column)) lies above the diagonal; a symmetric file stores only the lower triangle"
        case let .missingEntries(expected, found):
            return "file ends after \(found) of the \(expected) entries announced by the size line"
        case let .extraEntries(expected):
            return "more entries than the \(expected) announced by the size line"
        case .notSymmetric:
            return "cannot write a symmetric file: the matrix is not symmetric"
        }
    }
}
