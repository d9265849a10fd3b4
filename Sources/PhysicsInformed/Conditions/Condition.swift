import Autodiff

/// One term of a physics-informed loss: a residual enforced in the least-squares sense on a set of
/// points.
///
/// The PDE itself, boundary and initial conditions, observed data and any other constraint are all
/// conditions: points (``ConditionPoints``), the derivatives the residual needs, and a closure that
/// turns the network's ``Fields`` at those points into residual columns. The loss of a condition is
/// `weight · Σ_columns mean(r²)`. Use the builders (`equation`, `dirichlet`, `neumann`, `robin`,
/// `periodic`, `initial`, `initialRate`, `data`, `operator`) rather than this initialiser.
public struct Condition {
    /// A short name used in progress lines and `loss.csv` (e.g. `"pde"`, `"bc"`, `"ic"`).
    public var name: String
    /// Where the condition is enforced.
    public var points: ConditionPoints
    /// The derivatives the residual reads, named by coordinate letters (e.g. `["t", "x", "xx"]`).
    public var derivatives: [String]
    /// The fixed weight of this term in the loss.
    public var weight: Double
    /// Whether residual-based adaptive refinement may add points to this condition.
    public var isRefinable: Bool
    /// Whether the residual needs every first derivative (∂u/∂n); the trainer adds them.
    public var needsGradient: Bool
    /// The residual columns, each `[n, 1]` (or any shape: the mean of its squares is taken).
    public var residual: (ConditionContext) -> [Variable]

    /// Creates a condition from its parts.
    public init(name: String, points: ConditionPoints, derivatives: [String] = [], weight: Double = 1,
                isRefinable: Bool = false, needsGradient: Bool = false,
                residual: @escaping (ConditionContext) -> [Variable]) {
        self.name = name
        self.points = points
        self.derivatives = derivatives
        self.weight = weight
        self.isRefinable = isRefinable
        self.needsGradient = needsGradient
        self.residual = residual
    }
}

/// What a condition's residual closure sees: the network outputs with their derivatives at the
/// condition's points, the points themselves (with normals on boundaries) and the current values of
/// the trainable physical parameters.
public struct ConditionContext {
    /// Outputs and derivatives at ``points``.
    public let fields: Fields
    /// The points, with normals where they lie on a boundary.
    public let batch: PointBatch
    /// The trainable physical parameters.
    public let parameters: PhysicalParameters

    /// Creates a context.
    public init(fields: Fields, batch: PointBatch, parameters: PhysicalParameters) {
        self.fields = fields
        self.batch = batch
        self.parameters = parameters
    }

    /// The points, `[n, dimension]`.
    public var points: Tensor { batch.points }

    /// Output `index` with its derivatives.
    public subscript(_ index: Int) -> Field { fields[index] }

    /// The values of `function` at each point, as a constant column `[n, 1]`.
    public func evaluate(_ function: ([Double]) -> Double) -> Variable {
        Variable(points.mapRows(function))
    }

    /// The outward normal derivative ∂u/∂n = ∇u · n of output `index` at boundary points.
    ///
    /// - Precondition: the condition's points carry normals and it sets ``Condition/needsGradient``
    ///   (the builders `neumann` and `robin` do).
    public func normalDerivative(of index: Int) -> Variable {
        guard let normals = batch.normals else {
            preconditionFailure("∂u/∂n needs boundary points with normals (ConditionPoints.boundary)")
        }
        let u = fields[index]
        var sum: Variable? = nil
        for (axis, letter) in fields.coordinates.names.enumerated() {
            let term = u.derivative(String(letter)) * Variable(normals.slice(axis..<(axis + 1), alongAxis: 1))
            sum = sum.map { $0 + term } ?? term
        }
        return sum!
    }
}

extension Tensor {
    /// `[n, 1]`: `function` applied to each row of a `[n, d]` tensor.
    func mapRows(_ function: ([Double]) -> Double) -> Tensor {
        let n = shape[0], d = shape[1]
        var out = [Double](repeating: 0, count: n)
        scalars.withUnsafeBufferPointer { s in
            for i in 0..<n { out[i] = function(Array(s[(i * d)..<((i + 1) * d)])) }
        }
        return Tensor(shape: [n, 1], scalars: out)
    }
}
