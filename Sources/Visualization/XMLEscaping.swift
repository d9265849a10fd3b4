/// Escaping of text for XML/SVG content and attribute values.
enum XMLEscaping {
    /// Returns `text` with `& < > " '` replaced by entities and characters that XML 1.0 forbids
    /// (most C0 controls, lone surrogates cannot occur in Swift strings) replaced by `?`.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let forbidden = value < 0x20 || value == 0xFFFE || value == 0xFFFF
                if forbidden { result += "?" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
