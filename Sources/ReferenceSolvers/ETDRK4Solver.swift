/// A Fourier pseudo-spectral solver with fourth-order exponential time differencing (ETDRK4,
/// Cox–Matthews 2002, with Kassam–Trefethen's 2005 contour evaluation of the coefficients) for
/// periodic semilinear equations `u_t = L u + N(u)` on `[a, a + length)`.
///
/// Space: the state is held as the real-transform coefficients of u on the grid, so derivatives
/// are exact for the resolved modes (spectral accuracy for smooth solutions). Time: a fixed step
/// h; the linear part is integrated exactly (a linear equation is solved exactly up to rounding),
/// the nonlinear part with fourth-order accuracy (error O(h⁴) for smooth non-stiff problems; some
/// stiff problems show order reduction). One step costs four evaluations of N, each one inverse
/// transform per derivative order read plus one forward transform.
///
/// ```swift
/// // Allen–Cahn u_t = 1e-4 u_xx + 5u − 5u³ on [−1, 1), u(x, 0) = x² cos(πx): 512 modes, ETDRK4.
/// let grid = try PeriodicGrid(start: -1, length: 2, count: 512)
/// let solver = try ETDRK4Solver(equation: .allenCahn(), grid: grid, timeStep: 1e-3)
/// let times = (0...10).map { Double($0) / 10 }                  // t = 0, 0.1, …, 1
/// let u0 = grid.sample { x in x * x * cos(Double.pi * x) }
/// let allenCahn = try solver.solve(initial: u0, times: times)    // values: 11 × 512, row-major
/// let final = allenCahn.snapshot(10)                             // u(x_j, 1)
/// ```
///
/// (Documentation/ReferenceSolvers.md has this snippet; a test runs it.)
public struct ETDRK4Solver: Sendable {
    /// The equation solved.
    public let equation: SemilinearEquation
    /// The grid.
    public let grid: PeriodicGrid
    /// The fixed time step h.
    public let timeStep: Double
    /// The dealiasing applied to the nonlinear term.
    public let dealiasing: Dealiasing
    /// The number of contour points M used for the coefficients.
    public let contourPoints: Int

    private let coefficients: ETDRK4Coefficients
    private let nonlinearTerm: SpectralNonlinearTerm?
    private let transform: RealFourierTransform

    /// Prepares the solver: evaluates the linear symbol at the grid's wavenumbers and the ETDRK4
    /// coefficients for the step `timeStep` (O(n M) work, done once).
    /// - Parameters:
    ///   - contourPoints: points on the circle of radius 1 for the φ-functions (≥ 8, a multiple of 4;
    ///     Kassam–Trefethen use 32 on a half circle for real symbols, equivalent to 64 here).
    /// - Throws: `ReferenceSolverError.invalidArgument` for a non-positive or non-finite step, a bad
    ///   contour size or a nonlinearity asking for more than eight derivatives.
    public init(equation: SemilinearEquation, grid: PeriodicGrid, timeStep: Double,
                dealiasing: Dealiasing = .none, contourPoints: Int = 64) throws {
        guard timeStep > 0, timeStep.isFinite else {
            throw ReferenceSolverError.invalidArgument("the time step must be positive and finite, got \(timeStep)")
        }
        guard contourPoints >= 8, contourPoints % 4 == 0 else {
            throw ReferenceSolverError.invalidArgument("contourPoints must be a multiple of 4 and ≥ 8, got \(contourPoints)")
        }
        self.equation = equation
        self.grid = grid
        self.timeStep = timeStep
        self.dealiasing = dealiasing
        self.contourPoints = contourPoints
        transform = try RealFourierTransform(count: grid.count)
        let n = grid.count
        let symbols = grid.wavenumbers.enumerated().map { j, k in
            SpectralNonlinearTerm.restrictedToReal(equation.linearSymbol(k), mode: j, of: n)
        }
        guard symbols.allSatisfy(\.isFinite) else {
            throw ReferenceSolverError.invalidArgument("the linear symbol is not finite at every wavenumber of the grid")
        }
        coefficients = ETDRK4Coefficients(symbols: symbols, step: timeStep, contourPoints: contourPoints)
        nonlinearTerm = try equation.nonlinearity.map {
            try SpectralNonlinearTerm(nonlinearity: $0, grid: grid, dealiasing: dealiasing)
        }
    }

    /// Integrates from `initial` (the values at the grid points at `startTime`) and returns the
    /// solution at each of `times`.
    ///
    /// Every output time must be a whole number of steps after `startTime` (to within 1e-6 of a
    /// step); the solver steps exactly there, so no interpolation is involved. Output times must be
    /// non-decreasing; a time equal to `startTime` returns the initial data (through one transform
    /// pair, so to rounding).
    /// - Returns: the snapshots, row-major `[times.count × grid.count]` (see `SpectralSolution`).
    /// - Throws: `ReferenceSolverError.invalidArgument` (empty or wrongly sized or non-finite initial
    ///   data, no output times), `.outputTimeBeforeStart`, `.outputTimeNotOnStepGrid`, and
    ///   `.diverged(time:)` as soon as the state is no longer finite.
    public func solve(initial: [Double], times: [Double], startTime: Double = 0) throws -> SpectralSolution {
        guard !initial.isEmpty else {
            throw ReferenceSolverError.invalidArgument("the initial condition is empty; it needs one value per grid point (\(grid.count))")
        }
        guard initial.count == grid.count else {
            throw ReferenceSolverError.invalidArgument("the initial condition has \(initial.count) values for \(grid.count) grid points")
        }
        guard initial.allSatisfy(\.isFinite) else {
            throw ReferenceSolverError.invalidArgument("the initial condition contains non-finite values")
        }
        let stepCounts = try stepCounts(for: times, startTime: startTime)

        var v = coefficientsOf(initial)
        var values: [Double] = []
        values.reserveCapacity(times.count * grid.count)
        var step = 0
        for target in stepCounts {
            while step < target {
                v = try advance(v, time: startTime + Double(step) * timeStep)
                step += 1
                guard v.allSatisfy(\.isFinite) else {
                    throw ReferenceSolverError.diverged(time: startTime + Double(step) * timeStep)
                }
            }
            values += transform.inverse(real: v.map(\.real), imaginary: v.map(\.imaginary))
        }
        return SpectralSolution(times: times, points: grid.points, values: values, steps: step)
    }

    /// The number of steps from `startTime` to each output time.
    private func stepCounts(for times: [Double], startTime: Double) throws -> [Int] {
        guard !times.isEmpty else {
            throw ReferenceSolverError.invalidArgument("no output times were requested")
        }
        guard startTime.isFinite else {
            throw ReferenceSolverError.invalidArgument("the start time must be finite, got \(startTime)")
        }
        var previous = startTime
        return try times.map { t in
            guard t.isFinite else { throw ReferenceSolverError.invalidArgument("output time \(t) is not finite") }
            guard t >= previous else { throw ReferenceSolverError.outputTimeBeforeStart(time: t, start: previous) }
            previous = t
            let steps = (t - startTime) / timeStep
            let rounded = steps.rounded()
            guard abs(steps - rounded) <= 1e-6, rounded < Double(Int.max / 2) else {
                throw ReferenceSolverError.outputTimeNotOnStepGrid(time: t, step: timeStep)
            }
            return Int(rounded)
        }
    }

    private func coefficientsOf(_ u: [Double]) -> [Complex] {
        let (re, im) = transform.forward(u)
        return re.indices.map { Complex(re[$0], im[$0]) }
    }

    /// One ETDRK4 step from `v` at `time`:
    /// `a = E2 v + Q N(v)`, `b = E2 v + Q N(a)`, `c = E2 a + Q (2N(b) − N(v))`,
    /// `v⁺ = E v + f1 N(v) + 2 f2 (N(a) + N(b)) + f3 N(c)` (stage times t, t + h/2, t + h/2, t + h).
    private func advance(_ v: [Complex], time t: Double) throws -> [Complex] {
        let c = coefficients
        guard let n = nonlinearTerm else {
            return v.indices.map { c.e[$0] * v[$0] }
        }
        let h = timeStep
        let nv = try n(v, time: t)
        let a = v.indices.map { c.e2[$0] * v[$0] + c.q[$0] * nv[$0] }
        let na = try n(a, time: t + h / 2)
        let b = v.indices.map { c.e2[$0] * v[$0] + c.q[$0] * na[$0] }
        let nb = try n(b, time: t + h / 2)
        let cc = v.indices.map { c.e2[$0] * a[$0] + c.q[$0] * (2 * nb[$0] - nv[$0]) }
        let nc = try n(cc, time: t + h)
        return v.indices.map { j in
            c.e[j] * v[j] + c.f1[j] * nv[j] + 2 * (c.f2[j] * (na[j] + nb[j])) + c.f3[j] * nc[j]
        }
    }
}
