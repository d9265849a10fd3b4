import Foundation

/// The flat JSON object every example writes as `metrics.json`: string and number fields, in the
/// order they were set.
///
/// ```swift
/// var metrics = MetricsFile()
/// metrics["example"] = .text("poisson-1d")
/// metrics["relative_l2"] = .number(3.2e-5)
/// try metrics.write(to: url)
/// ```
public struct MetricsFile: Sendable {
    /// A field value.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case integer(Int)
        case text(String)
    }

    private var keys: [String] = []
    private var values: [String: Value] = [:]

    public init() {}

    /// Reads or sets a field; setting an existing field keeps its position.
    public subscript(_ key: String) -> Value? {
        get { values[key] }
        set {
            if let newValue {
                if values[key] == nil { keys.append(key) }
                values[key] = newValue
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The JSON text (non-finite numbers are written as `null`).
    public func jsonString() -> String {
        let fields = keys.map { key -> String in
            let value: String
            switch values[key]! {
            case let .number(x): value = x.isFinite ? "\(x)" : "null"
            case let .integer(n): value = "\(n)"
            case let .text(s): value = MetricsFile.quoted(s)
            }
            return "  \(MetricsFile.quoted(key)): \(value)"
        }
        return "{\n" + fields.joined(separator: ",\n") + "\n}\n"
    }

    /// Writes the JSON atomically.
    public func write(to url: URL) throws {
        try AtomicFileWriter.write(Data(jsonString().utf8), to: url)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
