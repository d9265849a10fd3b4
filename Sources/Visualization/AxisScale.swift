/// How values map onto a plot axis.
public enum AxisScale: Sendable, Equatable {
    /// Values map linearly to positions.
    case linear
    /// Positions follow log10 of the value; non-positive values cannot be shown and are skipped.
    case log10
}
