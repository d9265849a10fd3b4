/// One field of a CSV row: a number (written with full round-trip precision) or text.
public enum CSVValue: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral
{
    /// A floating-point number.
    case number(Double)
    /// A text field, quoted on output when it contains a comma, quote or line break.
    case text(String)

    /// Creates a number field from a literal such as `1.5`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// Creates a number field from a literal such as `3`.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Creates a text field from a literal such as `"adam"`.
    public init(stringLiteral value: String) { self = .text(value) }

    /// The field as it appears in the file.
    public var csvField: String {
        switch self {
        case let .number(value): return CSVWriter.format(value)
        case let .text(text): return CSVWriter.quoteIfNeeded(text)
        }
    }
}
