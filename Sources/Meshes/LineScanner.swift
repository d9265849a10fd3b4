import Foundation

/// Reads a text file line by line and each line token by token, keeping the line number so every
/// error can name it.
///
/// Works on the raw bytes in one pass: integers are parsed by hand, reals with `strtod` (C locale,
/// which Swift programs run in). Blank lines are skipped. Tokens are separated by spaces or tabs;
/// `\n` and `\r\n` both end a line.
struct LineScanner {
    /// The file's bytes followed by one 0 byte, so `strtod` always stops.
    private let bytes: [UInt8]
    /// The file name used in errors.
    let file: String
    /// Start of the next unread line.
    private var position = 0
    /// Number (1-based) of the current line; 0 before the first.
    private(set) var lineNumber = 0
    /// Next unread byte of the current line, and the line's end (before its terminator).
    private var cursor = 0
    private var lineEnd = 0

    init(data: Data, file: String) {
        var b = [UInt8](data)
        b.append(0)
        bytes = b
        self.file = file
    }

    /// A parse error at `line` (the current line by default).
    func error(_ reason: String, line: Int? = nil) -> MeshError {
        MeshError.parse(file: file, line: line ?? lineNumber, reason: reason)
    }

    /// Moves to the next non-blank line; returns `false` at the end of the file.
    mutating func advance() -> Bool {
        let end = bytes.count - 1
        while position < end {
            let start = position
            var i = position
            while i < end && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            position = i < end ? i + 1 : end
            lineNumber += 1
            var stop = i
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            cursor = start
            lineEnd = stop
            skipBlanks()
            if cursor < lineEnd { return true }
        }
        cursor = 0
        lineEnd = 0
        return false
    }

    /// Moves to the next non-blank line, or throws "unexpected end of file" naming what was expected.
    mutating func nextLine(expecting what: String) throws {
        guard advance() else { throw error("unexpected end of file, expected \(what)") }
    }

    /// The unread part of the current line without surrounding blanks: the whole line right after
    /// `advance()` (for section headers and messages).
    var restOfLine: String {
        var start = cursor, stop = lineEnd
        while start < stop && isBlank(bytes[start]) { start += 1 }
        while stop > start && isBlank(bytes[stop - 1]) { stop -= 1 }
        return String(decoding: bytes[start..<stop], as: UTF8.self)
    }

    /// Whether the unread part of the current line starts with `$` (a section line, when read
    /// right after `advance()`).
    var isSectionMarker: Bool { cursor < lineEnd && bytes[cursor] == UInt8(ascii: "$") }

    /// The rest of the current line without surrounding blanks, consuming it.
    mutating func consumeRestOfLine() -> String {
        let s = restOfLine
        cursor = lineEnd
        return s
    }

    /// The next token of the current line as a byte range, or `nil` at the end of the line.
    mutating func token() -> Range<Int>? {
        skipBlanks()
        guard cursor < lineEnd else { return nil }
        let start = cursor
        while cursor < lineEnd && !isBlank(bytes[cursor]) { cursor += 1 }
        return start..<cursor
    }

    /// The next token as text, or throws naming `what` was expected.
    mutating func word(_ what: String) throws -> String {
        guard let r = token() else { throw error("expected \(what), found the end of the line") }
        return text(r)
    }

    /// The next token as a decimal integer (optional sign), or throws naming `what` was expected.
    mutating func int(_ what: String) throws -> Int {
        guard let r = token() else { throw error("expected \(what), found the end of the line") }
        var i = r.lowerBound
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < r.upperBound, r.upperBound - i <= 18 else { throw notA("an integer", what, r) }
        var value = 0
        while i < r.upperBound {
            let digit = Int(bytes[i]) - 48
            guard digit >= 0 && digit <= 9 else { throw notA("an integer", what, r) }
            value = value * 10 + digit
            i += 1
        }
        return negative ? -value : value
    }

    /// The next token as an integer in `range`, or throws naming `what` was expected.
    mutating func int(_ what: String, in range: ClosedRange<Int>) throws -> Int {
        let value = try int(what)
        guard range.contains(value) else { throw error("\(what) \(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// The next token as a finite real number, or throws naming `what` was expected.
    mutating func double(_ what: String) throws -> Double {
        guard let r = token() else { throw error("expected \(what), found the end of the line") }
        let (value, length) = bytes.withUnsafeBufferPointer { buffer -> (Double, Int) in
            let start = buffer.baseAddress! + r.lowerBound
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = start.withMemoryRebound(to: CChar.self, capacity: r.count) { strtod($0, &end) }
            let consumed = end.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? 0
            return (v, consumed)
        }
        guard length == r.count, value.isFinite else { throw notA("a finite number", what, r) }
        return value
    }

    /// Throws when the current line has tokens left, naming the first of them.
    mutating func finishLine(after what: String) throws {
        if let r = token() { throw error("unexpected '\(text(r))' after \(what)") }
    }

    /// The bytes of `r` as text, shortened to 40 characters for messages.
    func text(_ r: Range<Int>) -> String {
        let s = String(decoding: bytes[r], as: UTF8.self)
        return s.count > 40 ? String(s.prefix(40)) + "…" : s
    }

    private func notA(_ kind: String, _ what: String, _ r: Range<Int>) -> MeshError {
        error("expected \(what) (\(kind)), found '\(text(r))'")
    }

    private func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 }

    private mutating func skipBlanks() {
        while cursor < lineEnd && isBlank(bytes[cursor]) { cursor += 1 }
    }
}
