/// Parses the Python dictionary literal in a `.npy` header, e.g.
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// Only the literal forms NumPy writes are understood: quoted strings, `True`, `False`, `None`,
/// integers (optionally with a Python 2 `L` suffix) and tuples or lists of those.
struct NpyHeaderParser {
    /// A parsed Python literal.
    indirect enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case integer(Int)
        case none
        case sequence([Value])
    }

    private let characters: [Character]
    private var index = 0

    /// Prepares to parse `text`.
    init(_ text: String) {
        characters = Array(text)
    }

    /// Parses the whole text as a dictionary with string keys; trailing whitespace is allowed.
    mutating func parseDictionary() throws -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        skipWhitespace()
        while peek() != "}" {
            guard case let .string(key) = try parseValue() else {
                throw NpyError.malformedHeader("dictionary keys must be strings")
            }
            try expect(":")
            result[key] = try parseValue()
            skipWhitespace()
            if peek() == "," {
                index += 1
                skipWhitespace()
            } else if peek() != "}" {
                throw NpyError.malformedHeader("expected ',' or '}' at offset \(index)")
            }
        }
        index += 1
        skipWhitespace()
        guard index == characters.count else {
            throw NpyError.malformedHeader("unexpected text after the dictionary at offset \(index)")
        }
        return result
    }

    private mutating func parseValue() throws -> Value {
        skipWhitespace()
        guard let first = peek() else { throw NpyError.malformedHeader("unexpected end of header") }
        switch first {
        case "'", "\"":
            return .string(try parseString(quote: first))
        case "(", "[":
            return .sequence(try parseSequence(closing: first == "(" ? ")" : "]"))
        case "-", "0"..."9":
            return .integer(try parseInteger())
        default:
            for (word, value) in [("True", Value.bool(true)), ("False", .bool(false)), ("None", .none)]
            where matches(word) {
                index += word.count
                return value
            }
            throw NpyError.malformedHeader("unexpected character '\(first)' at offset \(index)")
        }
    }

    private mutating func parseString(quote: Character) throws -> String {
        index += 1
        var text = ""
        while let character = peek() {
            index += 1
            if character == quote { return text }
            if character == "\\" {
                guard let escaped = peek() else { break }
                index += 1
                text.append(escaped)
            } else {
                text.append(character)
            }
        }
        throw NpyError.malformedHeader("unterminated string")
    }

    private mutating func parseSequence(closing: Character) throws -> [Value] {
        index += 1
        var items: [Value] = []
        skipWhitespace()
        while peek() != closing {
            items.append(try parseValue())
            skipWhitespace()
            if peek() == "," {
                index += 1
                skipWhitespace()
            } else if peek() != closing {
                throw NpyError.malformedHeader("expected ',' or '\(closing)' at offset \(index)")
            }
        }
        index += 1
        return items
    }

    private mutating func parseInteger() throws -> Int {
        let start = index
        if peek() == "-" { index += 1 }
        while let character = peek(), character.isASCII, character.isNumber { index += 1 }
        guard let value = Int(String(characters[start..<index])) else {
            throw NpyError.malformedHeader("invalid integer at offset \(start)")
        }
        if peek() == "L" { index += 1 }
        return value
    }

    private mutating func expect(_ character: Character) throws {
        skipWhitespace()
        guard peek() == character else {
            throw NpyError.malformedHeader("expected '\(character)' at offset \(index)")
        }
        index += 1
    }

    private func matches(_ word: String) -> Bool {
        let end = index + word.count
        return end <= characters.count && String(characters[index..<end]) == word
    }

    private func peek() -> Character? {
        index < characters.count ? characters[index] : nil
    }

    private mutating func skipWhitespace() {
        while let character = peek(), character.isWhitespace { index += 1 }
    }
}
