import Autodiff

/// A physics-informed problem: the coordinates and the conditions whose weighted least-squares sum
/// is the loss (the PDE residual is one of them, see ``Condition/equation(_:on:count:sampling:derivatives:weight:residual:)``).
///
/// ```swift
/// let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 1)
/// let problem = Problem(coordinates: "xt", conditions: [
///     .equation(on: domain, count: 2000, derivatives: ["t", "x", "xx"]) { c in
///         let u = c[0]
///         return u.t + u * u.x - (0.01 / .pi) * u.xx
///     },
///     .dirichlet(on: domain, count: 200) { _ in 0 },
///     .initial(on: domain, count: 200) { p in -sin(.pi * p[0]) },
/// ])
/// ```
public struct Problem {
    /// The coordinate names, one letter per input of the network.
    public var coordinates: Coordinates
    /// The loss terms.
    public var conditions: [Condition]

    /// Creates a problem.
    public init(coordinates: Coordinates, conditions: [Condition]) {
        self.coordinates = coordinates
        self.conditions = conditions
    }

    /// The derivatives condition `index` needs, with every first derivative added for ∂u/∂n.
    func derivatives(of index: Int) -> [String] {
        let condition = conditions[index]
        var names = condition.derivatives
        if condition.needsGradient { names += coordinates.names.map { String($0) } }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Checks names, point dimensions and derivative letters; throws a one-line description.
    func check() throws(TrainingError) {
        guard !conditions.isEmpty else { throw .invalidConfiguration("the problem has no conditions") }
        var names = Set<String>()
        for (i, condition) in conditions.enumerated() {
            guard names.insert(condition.name).inserted else {
                throw .invalidConfiguration("two conditions are named \"\(condition.name)\"")
            }
            guard condition.points.dimension == coordinates.dimension else {
                throw .invalidConfiguration("condition \"\(condition.name)\" has \(condition.points.dimension)-dimensional points "
                                            + "but the coordinates \"\(String(coordinates.names))\" are \(coordinates.dimension)")
            }
            for d in derivatives(of: i) {
                guard let index = coordinates.multiIndex(d) else {
                    throw .invalidConfiguration("condition \"\(condition.name)\" asks for derivative \"\(d)\", "
                                                + "which is not made of the coordinates \"\(String(coordinates.names))\"")
                }
                let orders = index.filter { $0 > 0 }
                guard (orders.count == 1 && orders[0] <= 4) || (orders.count == 2 && orders == [1, 1]) else {
                    throw .invalidConfiguration("condition \"\(condition.name)\" asks for \"\(d)\": supported are pure "
                                                + "derivatives up to order 4 and mixed second derivatives")
                }
            }
            guard condition.weight.isFinite, condition.weight >= 0 else {
                throw .invalidConfiguration("condition \"\(condition.name)\" has weight \(condition.weight)")
            }
        }
    }
}
