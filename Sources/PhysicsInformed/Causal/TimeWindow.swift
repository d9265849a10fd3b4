import Autodiff

/// One window [start, end] of a ``TimeMarching`` run, and the state it starts from.
public struct TimeWindow {
    /// The window's position, 0-based.
    public let index: Int
    /// The first time of the window.
    public let start: Double
    /// The last time of the window.
    public let end: Double
    /// The column of the time coordinate.
    public let timeAxis: Int
    /// The previous window's trained model output at points `[n, d]` (nil in the first window).
    public let previous: ((Tensor) -> Tensor)?

    /// Creates a window; `previous` is the prediction of the window before (nil for the first).
    public init(index: Int, start: Double, end: Double, timeAxis: Int, previous: ((Tensor) -> Tensor)?) {
        self.index = index
        self.start = start
        self.end = end
        self.timeAxis = timeAxis
        self.previous = previous
    }

    /// The initial condition of this window as observed data at `points` (`[n, d]`; their time column
    /// is set to ``start``): in the first window, `exact` at each point; later, the previous window's
    /// prediction, so the end of one window is the initial condition of the next.
    ///
    /// `exact` receives a point (with t = start) and returns the values of `components`.
    public func initialCondition(_ name: String = "ic", points: Tensor, components: [Int] = [0], weight: Double = 1,
                                 exact: ([Double]) -> [Double]) -> Condition {
        precondition(points.rank == 2 && points.shape[1] > timeAxis, "initial points must be [n, d] with a time column")
        let n = points.shape[0], d = points.shape[1]
        var s = points.scalars
        for i in 0..<n { s[i * d + timeAxis] = start }
        let atStart = Tensor(shape: [n, d], scalars: s)
        let values: Tensor
        if let previous {
            let all = previous(atStart)
            let outputs = all.shape[1]
            values = Tensor(shape: [n, components.count],
                            scalars: (0..<n).flatMap { i in components.map { all.scalars[i * outputs + $0] } })
        } else {
            values = Tensor(shape: [n, components.count],
                            scalars: (0..<n).flatMap { i in exact(Array(s[(i * d)..<((i + 1) * d)])) })
        }
        return .data(name, points: atStart, values: values, components: components, weight: weight)
    }
}
