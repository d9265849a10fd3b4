import Foundation

/// Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Algorithms 7.4, 3.5, 3.6).
///
/// Stopping is explicit and conservative: it stops on a small gradient (`gradientTolerance`, on the
/// max-norm), on the iteration or evaluation budget, when a callback asks, or when the line search
/// cannot make progress even after the memory is reset to steepest descent. The relative-decrease test
/// (`functionTolerance`) is off by default, because a loose one is the usual reason PINN training
/// with L-BFGS stops after a few iterations.
public struct LBFGS: Sendable {
    /// Number of (s, y) correction pairs kept.
    public var historySize: Int
    /// Maximum number of iterations.
    public var maxIterations: Int
    /// Maximum number of function evaluations (line-search trials included). Checked between
    /// iterations: the line search of the last iteration may use up to 30 more.
    public var maxEvaluations: Int
    /// Stop when ‖∇f‖∞ ≤ this.
    public var gradientTolerance: Double
    /// Stop when the relative decrease `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)` ≤ this (0 disables).
    public var functionTolerance: Double
    /// Sufficient-decrease constant of the Wolfe conditions.
    public var c1: Double = 1e-4
    /// Curvature constant of the Wolfe conditions.
    public var c2: Double = 0.9

    /// Why a minimisation stopped.
    public enum StopReason: String, Sendable {
        case gradientTolerance, functionTolerance, maxIterations, maxEvaluations, lineSearchFailed, nonFinite, callback
    }

    /// What an iteration reports to the callback.
    public struct Progress: Sendable {
        /// Iterations completed.
        public let iteration: Int
        /// Function evaluations so far, line-search trials included.
        public let evaluations: Int
        /// The objective at the current point.
        public let value: Double
        /// ‖∇f‖∞ at the current point.
        public let gradientNorm: Double
        /// The current point.
        public let x: [Double]
    }

    /// The outcome of `minimize`.
    public struct Report: Sendable {
        /// The best point found.
        public let x: [Double]
        /// The objective at `x`.
        public let value: Double
        /// The gradient at `x`.
        public let gradient: [Double]
        /// Iterations completed.
        public let iterations: Int
        /// Function evaluations, line-search trials included.
        public let evaluations: Int
        /// Why the minimisation stopped.
        public let reason: StopReason
        /// Objective value after each iteration.
        public let history: [Double]
        /// The max-norm of the final gradient.
        public var gradientNorm: Double { gradient.reduce(0) { max($0, abs($1)) } }
    }

    /// Creates an optimiser; `maxEvaluations` defaults to twice `maxIterations` (at least 25 more).
    public init(historySize: Int = 50, maxIterations: Int = 1000, maxEvaluations: Int? = nil,
                gradientTolerance: Double = 1e-10, functionTolerance: Double = 0) {
        precondition(historySize >= 1, "historySize must be positive")
        self.historySize = historySize
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations ?? max(2 * maxIterations, maxIterations + 25)
        self.gradientTolerance = gradientTolerance
        self.functionTolerance = functionTolerance
    }

    /// Minimises `f`, which returns the value and gradient at a point, starting from `x0`.
    ///
    /// - Parameter callback: called after every iteration; return `false` to stop.
    public func minimize(from x0: [Double], _ f: ([Double]) -> (value: Double, gradient: [Double]),
                         callback: ((Progress) -> Bool)? = nil) -> Report {
        var evaluations = 0
        func evaluate(_ x: [Double]) -> (Double, [Double]) {
            evaluations += 1
            return f(x)
        }
        var x = x0
        var (fx, g) = evaluate(x)
        var history: [Double] = []
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var iteration = 0
        func report(_ reason: StopReason) -> Report {
            Report(x: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations, reason: reason, history: history)
        }
        guard fx.isFinite, g.allSatisfy(\.isFinite) else { return report(.nonFinite) }

        while true {
            if maxNorm(g) <= gradientTolerance { return report(.gradientTolerance) }
            if iteration >= maxIterations { return report(.maxIterations) }
            if evaluations >= maxEvaluations { return report(.maxEvaluations) }

            var d = twoLoopDirection(g, s, y, rho)
            var slope = dot(g, d)
            if !(slope < 0) {            // not a descent direction: restart from steepest descent
                s.removeAll(); y.removeAll(); rho.removeAll()
                d = g.map { -$0 }
                slope = dot(g, d)
            }
            let initialStep = s.isEmpty ? min(1, 1 / max(norm(g), 1e-300)) : 1
            var search = lineSearch(x, fx, g, d, slope, initialStep, &evaluations, f)
            if search == nil && !s.isEmpty {
                // Reset the memory and try once more along −g.
                s.removeAll(); y.removeAll(); rho.removeAll()
                d = g.map { -$0 }
                slope = dot(g, d)
                search = lineSearch(x, fx, g, d, slope, min(1, 1 / max(norm(g), 1e-300)), &evaluations, f)
            }
            guard let (alpha, fNew, gNew) = search else { return report(.lineSearchFailed) }

            let step = d.map { $0 * alpha }
            let xNew = zip(x, step).map { $0 + $1 }
            let yk = zip(gNew, g).map { $0 - $1 }
            let sy = dot(step, yk)
            if sy > 1e-12 * norm(step) * norm(yk) {
                s.append(step); y.append(yk); rho.append(1 / sy)
                if s.count > historySize { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
            }
            let fOld = fx
            x = xNew; fx = fNew; g = gNew
            iteration += 1
            history.append(fx)
            if let callback, !callback(Progress(iteration: iteration, evaluations: evaluations, value: fx,
                                                  gradientNorm: maxNorm(g), x: x)) {
                return report(.callback)
            }
            if functionTolerance > 0 && (fOld - fx) / max(abs(fOld), abs(fx), 1) <= functionTolerance {
                return report(.functionTolerance)
            }
        }
    }

    /// `−H g` by the two-loop recursion with `H₀ = γ I`, `γ = sᵀy / yᵀy` of the newest pair.
    private func twoLoopDirection(_ g: [Double], _ s: [[Double]], _ y: [[Double]], _ rho: [Double]) -> [Double] {
        var q = g
        var alphas = [Double](repeating: 0, count: s.count)
        for i in stride(from: s.count - 1, through: 0, by: -1) {
            alphas[i] = rho[i] * dot(s[i], q)
            axpy(-alphas[i], y[i], &q)
        }
        if let lastS = s.last, let lastY = y.last {
            let gamma = dot(lastS, lastY) / dot(lastY, lastY)
            for i in q.indices { q[i] *= gamma }
        }
        for i in 0..<s.count {
            let beta = rho[i] * dot(y[i], q)
            axpy(alphas[i] - beta, s[i], &q)
        }
        return q.map { -$0 }
    }

    /// A step length satisfying the strong Wolfe conditions, with the value and gradient there.
    private func lineSearch(_ x: [Double], _ f0: Double, _ g0: [Double], _ d: [Double], _ slope0: Double,
                            _ initial: Double, _ evaluations: inout Int,
                            _ f: ([Double]) -> (value: Double, gradient: [Double])) -> (Double, Double, [Double])? {
        struct Trial { var alpha: Double; var value: Double; var slope: Double; var gradient: [Double] }
        func trial(_ alpha: Double) -> Trial {
            evaluations += 1
            let (v, g) = f(zip(x, d).map { $0 + alpha * $1 })
            let finite = v.isFinite && g.allSatisfy(\.isFinite)
            return Trial(alpha: alpha, value: finite ? v : .infinity, slope: finite ? dot(g, d) : .nan, gradient: g)
        }
        func armijo(_ t: Trial) -> Bool { t.value <= f0 + c1 * t.alpha * slope0 }
        func curvature(_ t: Trial) -> Bool { abs(t.slope) <= -c2 * slope0 }

        func zoom(_ lo0: Trial, _ hi0: Trial) -> Trial? {
            var lo = lo0, hi = hi0
            for _ in 0..<40 {
                guard evaluations < maxEvaluations + 20 else { break }
                let width = abs(hi.alpha - lo.alpha)
                if width < 1e-16 * max(1, abs(lo.alpha)) { break }
                var alpha = cubicMinimizer(lo, hi)
                let (a, b) = (min(lo.alpha, hi.alpha), max(lo.alpha, hi.alpha))
                if !alpha.isFinite || alpha < a + 0.1 * width || alpha > b - 0.1 * width { alpha = 0.5 * (a + b) }
                let t = trial(alpha)
                if !armijo(t) || t.value >= lo.value {
                    hi = t
                } else {
                    if curvature(t) { return t }
                    if t.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = t
                }
            }
            // Accept the best sufficient-decrease point found, if it made progress.
            return lo.alpha > 0 && lo.value < f0 ? lo : nil
        }
        func cubicMinimizer(_ p: Trial, _ q: Trial) -> Double {
            guard q.value.isFinite, q.slope.isFinite else { return .nan }
            let d1 = p.slope + q.slope - 3 * (p.value - q.value) / (p.alpha - q.alpha)
            let disc = d1 * d1 - p.slope * q.slope
            guard disc >= 0 else { return .nan }
            let d2 = (q.alpha - p.alpha).sign == .minus ? -disc.squareRoot() : disc.squareRoot()
            return q.alpha - (q.alpha - p.alpha) * (q.slope + d2 - d1) / (q.slope - p.slope + 2 * d2)
        }

        var previous = Trial(alpha: 0, value: f0, slope: slope0, gradient: g0)
        var alpha = initial
        for i in 0..<30 {
            let t = trial(alpha)
            if !armijo(t) || (i > 0 && t.value >= previous.value) {
                return zoom(previous, t).map { ($0.alpha, $0.value, $0.gradient) }
            }
            if curvature(t) { return (t.alpha, t.value, t.gradient) }
            if t.slope >= 0 { return zoom(t, previous).map { ($0.alpha, $0.value, $0.gradient) } }
            previous = t
            alpha *= 2
        }
        return previous.alpha > 0 ? (previous.alpha, previous.value, previous.gradient) : nil
    }
}

/// `a · b` with two eight-lane partial sums (a plain loop is one chain of dependent additions, which
/// made the two-loop recursion a few per cent of an iteration).
private func dot(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            let n = min(pa.count, pb.count)
            guard n > 0 else { return 0 }
            let x = UnsafeRawPointer(pa.baseAddress!), y = UnsafeRawPointer(pb.baseAddress!)
            let stride = 8 * MemoryLayout<Double>.stride
            var s0 = SIMD8<Double>(), s1 = SIMD8<Double>()
            var i = 0
            while i + 16 <= n {
                s0.addProduct(x.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self),
                              y.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self))
                s1.addProduct(x.loadUnaligned(fromByteOffset: i * 8 + stride, as: SIMD8<Double>.self),
                              y.loadUnaligned(fromByteOffset: i * 8 + stride, as: SIMD8<Double>.self))
                i += 16
            }
            var total = (s0 + s1).sum()
            while i < n { total += pa[i] * pb[i]; i += 1 }
            return total
        }
    }
}

private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

private func maxNorm(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    for i in y.indices { y[i] += alpha * x[i] }
}
