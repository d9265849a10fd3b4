/// Evaluates the Fourier coefficients of the nonlinear term `N̂(v, t)` from the real-transform
/// coefficients `v` of the state: spectral derivatives, inverse transforms, the pointwise closure,
/// a forward transform, the outer symbol and the dealiasing mask.
struct SpectralNonlinearTerm: Sendable {
    let nonlinearity: Nonlinearity
    let transform: RealFourierTransform
    let points: [Double]
    /// `derivativeSymbols[p - 1][j] = (ik_j)ᵖ` for p = 1 … derivativeOrder.
    let derivativeSymbols: [[Complex]]
    /// `P(k_j)` times the dealiasing mask (0 or 1).
    let outerMultipliers: [Complex]

    init(nonlinearity: Nonlinearity, grid: PeriodicGrid, dealiasing: Dealiasing) throws {
        guard (0...8).contains(nonlinearity.derivativeOrder) else {
            throw ReferenceSolverError.invalidArgument("the nonlinearity's derivative order must be 0 … 8, got \(nonlinearity.derivativeOrder)")
        }
        self.nonlinearity = nonlinearity
        transform = try RealFourierTransform(count: grid.count)
        points = grid.points
        let k = grid.wavenumbers
        let n = grid.count
        derivativeSymbols = (0..<nonlinearity.derivativeOrder).map { index in
            k.indices.map { j in
                var s = Complex.one
                for _ in 0...index { s *= Complex(0, k[j]) }
                return SpectralNonlinearTerm.restrictedToReal(s, mode: j, of: n)
            }
        }
        outerMultipliers = k.indices.map { j in
            guard dealiasing.keeps(mode: j, of: n) else { return .zero }
            guard let symbol = nonlinearity.outerSymbol else { return .one }
            return SpectralNonlinearTerm.restrictedToReal(symbol(k[j]), mode: j, of: n)
        }
    }

    /// The Nyquist mode of an even grid is real for a real field: there the symbol of a real
    /// operator acts through its real part (odd derivatives of that mode vanish).
    static func restrictedToReal(_ symbol: Complex, mode j: Int, of n: Int) -> Complex {
        n % 2 == 0 && j == n / 2 ? Complex(symbol.real) : symbol
    }

    /// The real field with coefficients `v`.
    func field(_ v: [Complex]) -> [Double] {
        transform.inverse(real: v.map(\.real), imaginary: v.map(\.imaginary))
    }

    /// The real-transform coefficients of the real field `u`.
    func coefficients(_ u: [Double]) -> [Complex] {
        let (re, im) = transform.forward(u)
        return re.indices.map { Complex(re[$0], im[$0]) }
    }

    /// `N̂(v, t)`.
    func callAsFunction(_ v: [Complex], time: Double) throws -> [Complex] {
        var derivatives = [field(v)]
        for symbols in derivativeSymbols {
            derivatives.append(field(v.indices.map { v[$0] * symbols[$0] }))
        }
        let g = nonlinearity.evaluate(NonlinearTermInput(time: time, points: points, derivatives: derivatives))
        guard g.count == points.count else {
            throw ReferenceSolverError.invalidArgument("the nonlinearity returned \(g.count) values for \(points.count) grid points")
        }
        var result = coefficients(g)
        for j in result.indices { result[j] *= outerMultipliers[j] }
        return result
    }
}
