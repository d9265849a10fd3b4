import Foundation

/// Which triangle a Matrix Market file stores.
public enum MatrixMarketSymmetry: String, Sendable {
    /// Every stored entry is written.
    case general
    /// Only entries on and below the diagonal are written; readers mirror them.
    case symmetric
}

/// Reading and writing Matrix Market `.mtx` files (coordinate format).
extension CSRMatrix {
    /// Reads a Matrix Market coordinate file: `real`, `integer` or `pattern` (values 1) fields,
    /// `general` or `symmetric` (lower triangle stored, mirrored on reading) symmetry.
    ///
    /// Repeated entries are summed. Anything else — a missing or malformed banner or size line,
    /// unsupported formats (`array`, `complex`, `hermitian`, `skew-symmetric`), entries with the
    /// wrong number of fields, non-numeric or non-finite values, indices out of range, entries above
    /// the diagonal of a symmetric file, too few or too many entries — throws a `MatrixMarketError`
    /// naming the problem and its line. O(file size + nnz log(row length)).
    public init(matrixMarketFile url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MatrixMarketError(.io("cannot read the file: \(error.localizedDescription)"), path: url.path)
        }
        try self.init(matrixMarketData: data, path: url.path)
    }

    /// Parses Matrix Market text held in memory (see `init(matrixMarketFile:)`); `path`, if given,
    /// is named in errors.
    public init(matrixMarketData data: Data, path: String? = nil) throws {
        var reader = MatrixMarketReader(data: data, path: path)
        self = try reader.parse()
    }

    /// The matrix as Matrix Market text (`coordinate real`), values in Swift's shortest form that
    /// reads back to the same `Double` (so a round trip is exact).
    ///
    /// With `.symmetric`, only entries with `row ≥ column` are written.
    /// - Throws: `MatrixMarketError` (`.notSymmetric`) when `.symmetric` is asked for a matrix that
    ///   is not exactly symmetric.
    public func matrixMarketText(symmetry: MatrixMarketSymmetry = .general, comment: String? = nil) throws -> String {
        if symmetry == .symmetric && !isSymmetric() { throw MatrixMarketError(.notSymmetric) }
        var lines: [String] = ["%%MatrixMarket matrix coordinate real \(symmetry.rawValue)"]
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("% \(line)") }
        }
        var entries: [String] = []
        entries.reserveCapacity(nonzeroCount)
        for i in 0..<rowCount {
            for k in Int(rowPointers[i])..<Int(rowPointers[i + 1]) {
                let j = Int(columnIndices[k])
                if symmetry == .symmetric && j > i { continue }
                entries.append("\(i + 1) \(j + 1) \(values[k])")
            }
        }
        lines.append("\(rowCount) \(columnCount) \(entries.count)")
        lines.append(contentsOf: entries)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the matrix as a Matrix Market file (see `matrixMarketText(symmetry:comment:)`),
    /// atomically: a temporary file in the same folder is renamed into place.
    /// - Throws: `MatrixMarketError` (`.notSymmetric`, or `.io` with the system's reason).
    public func writeMatrixMarket(to url: URL, symmetry: MatrixMarketSymmetry = .general, comment: String? = nil) throws {
        let text = try matrixMarketText(symmetry: symmetry, comment: comment)
        do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
            throw MatrixMarketError(.io("cannot write the file: \(error.localizedDescription)"), path: url.path)
        }
    }
}
