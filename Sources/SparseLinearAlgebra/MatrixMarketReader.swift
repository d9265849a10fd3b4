import Foundation

/// Parses the coordinate format of Matrix Market (NIST, 1996): `real`, `integer` or `pattern`
/// fields with `general` or `symmetric` symmetry.
///
/// Works on the raw bytes with one pass per line; numbers are parsed with `strtod` (reals) and by
/// hand (indices, integers). Lines starting with `%` after the banner and blank lines are skipped.
struct MatrixMarketReader {
    enum Field: String { case real, integer, pattern }
    enum Symmetry: String { case general, symmetric }

    let bytes: [UInt8]   // the file, followed by one 0 byte so strtod always stops
    let path: String?
    var position = 0
    var lineNumber = 0

    init(data: Data, path: String?) {
        var b = [UInt8](data)
        b.append(0)
        self.bytes = b
        self.path = path
    }

    func failure(_ kind: MatrixMarketError.Kind, line: Int? = nil) -> MatrixMarketError {
        MatrixMarketError(kind, line: line ?? lineNumber, path: path)
    }

    /// The next line as a byte range without its terminator (`\n`, `\r\n`), or nil at the end.
    mutating func nextLine() -> Range<Int>? {
        let end = bytes.count - 1
        guard position < end else { return nil }
        let start = position
        var i = position
        while i < end && bytes[i] != UInt8(ascii: "\n") { i += 1 }
        position = i < end ? i + 1 : end
        lineNumber += 1
        var stop = i
        if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
        return start..<stop
    }

    /// Whitespace-separated fields of a line.
    func fields(_ line: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = line.lowerBound
        while i < line.upperBound {
            while i < line.upperBound && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
            let s = i
            while i < line.upperBound && bytes[i] != 32 && bytes[i] != 9 { i += 1 }
            if i > s { out.append(s..<i) }
        }
        return out
    }

    func text(_ r: Range<Int>) -> String {
        let s = String(decoding: bytes[r], as: UTF8.self)
        return s.count > 40 ? String(s.prefix(40)) + "…" : s
    }

    /// A non-negative decimal integer (optional leading `+`), or nil.
    func integer(_ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        if i < r.upperBound && bytes[i] == UInt8(ascii: "+") { i += 1 }
        guard i < r.upperBound, r.upperBound - i <= 18 else { return nil }
        var v = 0
        while i < r.upperBound {
            let d = Int(bytes[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            v = v * 10 + d
            i += 1
        }
        return v
    }

    /// A signed decimal integer as a Double, or nil.
    func signedInteger(_ r: Range<Int>) -> Double? {
        guard !r.isEmpty else { return nil }
        if bytes[r.lowerBound] == UInt8(ascii: "-") {
            return integer((r.lowerBound + 1)..<r.upperBound).map { -Double($0) }
        }
        return integer(r).map { Double($0) }
    }

    /// A finite real number occupying the whole field, or nil.
    func real(_ r: Range<Int>) -> Double? {
        bytes.withUnsafeBufferPointer { buffer -> Double? in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>? = nil
            let start = base + r.lowerBound
            let v = strtod(start, &end)
            guard let end, UnsafePointer(end) == base + r.upperBound, v.isFinite else { return nil }
            return v
        }
    }

    mutating func parse() throws -> CSRMatrix {
        // Banner: %%MatrixMarket matrix coordinate <field> <symmetry>
        guard let bannerLine = nextLine() else { throw failure(.missingBanner, line: 1) }
        let banner = fields(bannerLine).map { text($0).lowercased() }
        guard banner.first == "%%matrixmarket" else { throw failure(.missingBanner) }
        guard banner.count == 5 else {
            throw failure(.malformedBanner("expected 5 words (%%MatrixMarket matrix coordinate field symmetry), found \(banner.count)"))
        }
        guard banner[1] == "matrix" else { throw failure(.malformedBanner("object '\(banner[1])' is not 'matrix'")) }
        switch banner[2] {
        case "coordinate": break
        case "array": throw failure(.unsupported("dense 'array' format (only 'coordinate' is read)"))
        default: throw failure(.malformedBanner("format '\(banner[2])' is neither 'coordinate' nor 'array'"))
        }
        guard let field = Field(rawValue: banner[3]) else {
            if banner[3] == "complex" { throw failure(.unsupported("complex matrices")) }
            throw failure(.malformedBanner("field '\(banner[3])' is not real, integer, pattern or complex"))
        }
        guard let symmetry = Symmetry(rawValue: banner[4]) else {
            if banner[4] == "skew-symmetric" || banner[4] == "hermitian" {
                throw failure(.unsupported("'\(banner[4])' symmetry (only general and symmetric are read)"))
            }
            throw failure(.malformedBanner("symmetry '\(banner[4])' is not general, symmetric, skew-symmetric or hermitian"))
        }

        // Size line, after comments and blank lines.
        var sizeFields: [Range<Int>] = []
        while let line = nextLine() {
            if line.isEmpty || bytes[line.lowerBound] == UInt8(ascii: "%") { continue }
            sizeFields = fields(line)
            if !sizeFields.isEmpty { break }
        }
        guard !sizeFields.isEmpty else {
            throw failure(.malformedSizeLine("the file ends before the size line"), line: lineNumber + 1)
        }
        guard sizeFields.count == 3 else {
            throw failure(.malformedSizeLine("expected 3 integers (rows columns entries), found \(sizeFields.count) fields"))
        }
        guard let rows = integer(sizeFields[0]), let columns = integer(sizeFields[1]), let count = integer(sizeFields[2]) else {
            throw failure(.malformedSizeLine("'\(sizeFields.map { text($0) }.joined(separator: " "))' is not three non-negative integers"))
        }
        guard rows <= Int(Int32.max), columns <= Int(Int32.max) else {
            throw failure(.malformedSizeLine("\(rows) × \(columns) exceeds the 32-bit index range"))
        }
        guard count <= rows * columns else {
            throw failure(.malformedSizeLine("\(count) entries do not fit a \(rows) × \(columns) matrix"))
        }
        if symmetry == .symmetric && rows != columns {
            throw failure(.malformedSizeLine("a symmetric matrix must be square, this one is \(rows) × \(columns)"))
        }

        // Entries.
        var builder: TripletBuilder
        do { builder = try TripletBuilder(rowCount: rows, columnCount: columns) } catch {
            throw failure(.malformedSizeLine("\(error)"))
        }
        builder.reserveCapacity(symmetry == .symmetric ? 2 * count : count)
        let expectedFields = field == .pattern ? 2 : 3
        var found = 0
        while let line = nextLine() {
            if line.isEmpty || bytes[line.lowerBound] == UInt8(ascii: "%") { continue }
            let f = fields(line)
            if f.isEmpty { continue }
            guard found < count else { throw failure(.extraEntries(expected: count)) }
            guard f.count == expectedFields else {
                let shape = field == .pattern ? "2 (row column)" : "3 (row column value)"
                throw failure(.malformedEntry("entry has \(f.count) fields, a \(field.rawValue) matrix needs \(shape)"))
            }
            guard let i = integer(f[0]), let j = integer(f[1]) else {
                throw failure(.malformedEntry("indices '\(text(f[0])) \(text(f[1]))' are not positive integers"))
            }
            guard i >= 1, i <= rows, j >= 1, j <= columns else {
                throw failure(.indexOutOfRange(row: i, column: j, rows: rows, columns: columns))
            }
            let value: Double
            switch field {
            case .pattern: value = 1
            case .integer:
                guard let v = signedInteger(f[2]) else { throw failure(.malformedEntry("value '\(text(f[2]))' is not an integer")) }
                value = v
            case .real:
                guard let v = real(f[2]) else { throw failure(.malformedEntry("value '\(text(f[2]))' is not a finite real number")) }
                value = v
            }
            if symmetry == .symmetric {
                guard j <= i else { throw failure(.entryAboveDiagonal(row: i, column: j)) }
                try builder.append(row: i - 1, column: j - 1, value: value)
                if i != j { try builder.append(row: j - 1, column: i - 1, value: value) }
            } else {
                try builder.append(row: i - 1, column: j - 1, value: value)
            }
            found += 1
        }
        guard found == count else { throw failure(.missingEntries(expected: count, found: found), line: lineNumber) }
        return try builder.makeCSRMatrix()
    }
}
