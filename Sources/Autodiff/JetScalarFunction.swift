import Foundation

/// Scalar functions with closed-form derivative towers, used by the fused jet kernels.
public enum JetScalarFunction: Sendable, Hashable {
    case tanh, sin, cos
}

/// `f, f′, …, f⁽⁵⁾` on the lanes of one vector.
typealias Tower<V> = (V, V, V, V, V, V)

/// `f, f′, …, f⁽⁵⁾` at a point, for specialised kernels.
protocol ScalarTower {
    /// Whether `tower(value:)` can rebuild the tower from `f(z)` alone (true for tanh).
    static var towerFromValue: Bool { get }
    /// The tower from `y = f(z)`, when `towerFromValue`.
    static func tower<V: SIMD>(value y: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V
    static func tower(_ z: Double) -> Tower<Double>
    /// The tower on every lane; the default evaluates lane by lane in double precision.
    static func tower<V: SIMD>(_ z: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V
}

extension ScalarTower {
    static var towerFromValue: Bool { false }
    static func tower<V: SIMD>(value y: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V {
        preconditionFailure("\(Self.self) cannot rebuild its tower from the value")
    }

    @inline(__always)
    static func tower<V: SIMD>(_ z: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V {
        typealias S = V.Scalar
        var r = (V(), V(), V(), V(), V(), V())
        for lane in 0..<V.scalarCount {
            let t = tower(Double(z[lane]))
            r.0[lane] = S(t.0); r.1[lane] = S(t.1); r.2[lane] = S(t.2); r.3[lane] = S(t.3); r.4[lane] = S(t.4); r.5[lane] = S(t.5)
        }
        return r
    }
}

enum TanhTower: ScalarTower {
    @inline(__always)
    static func tower(_ z: Double) -> Tower<Double> {
        let y = FastMath.tanh(z), y2 = y * y, t = 1 - y2
        return (y, t, -2 * y * t, t * (6 * y2 - 2), t * y * (16 - 24 * y2), t * (16 - 120 * y2 + 120 * y2 * y2))
    }

    @inline(__always)
    static func tower<V: SIMD>(_ z: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V {
        tower(value: V.Scalar.tanh(z))
    }

    static var towerFromValue: Bool { true }

    /// Every derivative of tanh is a polynomial in y = tanh z.
    @inline(__always)
    static func tower<V: SIMD>(value y: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V {
        let y2: V = y * y
        let t: V = 1 - y2
        let f2: V = -2 * y * t
        let f3: V = t * (6 * y2 - 2)
        let f4: V = t * y * (16 - 24 * y2)
        let q: V = 16 - 120 * y2
        let f5: V = t * (q + 120 * y2 * y2)
        return (y, t, f2, f3, f4, f5)
    }
}

enum SinTower: ScalarTower {
    @inline(__always)
    static func tower(_ z: Double) -> Tower<Double> {
        let s = Foundation.sin(z), c = Foundation.cos(z)
        return (s, c, -s, -c, s, c)
    }

    /// On whole vectors by `FastMath.sincos` (the scalar tower calls Foundation per lane).
    @inline(__always)
    static func tower<V: SIMD>(_ z: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V {
        let (s, c) = V.Scalar.sincos(z)
        return (s, c, -s, -c, s, c)
    }
}

enum CosTower: ScalarTower {
    @inline(__always)
    static func tower(_ z: Double) -> Tower<Double> {
        let s = Foundation.sin(z), c = Foundation.cos(z)
        return (c, -s, -c, s, c, -s)
    }

    /// On whole vectors by `FastMath.sincos`.
    @inline(__always)
    static func tower<V: SIMD>(_ z: V) -> Tower<V> where V.Scalar: KernelScalar, V.Scalar.Lanes == V {
        let (s, c) = V.Scalar.sincos(z)
        return (c, -s, -c, s, c, -s)
    }
}

/// Fused kernels for `y = f(z)` on stacked jets `[K, M]` (see `Jet`), by Faà di Bruno's formula.
///
/// Each chunk of elements first evaluates the derivative tower into structure-of-arrays scratch, then
/// runs one simple loop per direction and order, which the compiler vectorises.
enum JetKernels {
    static func forward(_ function: JetScalarFunction, orders: [Int], z: Tensor) -> Tensor {
        switch function {
        case .tanh: return forward(TanhTower.self, orders: orders, z: z)
        case .sin: return forward(SinTower.self, orders: orders, z: z)
        case .cos: return forward(CosTower.self, orders: orders, z: z)
        }
    }

    /// `y` is the forward output; towers that can (tanh) are rebuilt from its value block.
    static func backward(_ function: JetScalarFunction, orders: [Int], z: Tensor, y: Tensor, g: Tensor) -> Tensor {
        switch function {
        case .tanh: return backward(TanhTower.self, orders: orders, z: z, y: y, g: g)
        case .sin: return backward(SinTower.self, orders: orders, z: z, y: y, g: g)
        case .cos: return backward(CosTower.self, orders: orders, z: z, y: y, g: g)
        }
    }

    static let grain = 2048

    /// Writes `f⁽¹⁾…f⁽ʰ⁾` of `z[range]` (`h = highest`, 1…5) into `f[(k − 1)·grain + j]`; `value`
    /// receives `f` itself when given. With `fromValue`, the tower is rebuilt from the known values
    /// `f(z)` instead of `z`. Derivatives above `highest` are neither computed nor stored: first-order
    /// jets (a transport residual) need only `f′` forward and `f″` backward.
    @inline(__always)
    static func fillTower<T: ScalarTower, S: KernelScalar>(_: T.Type, _ z: UnsafePointer<S>, _ range: Range<Int>,
                                                           _ f: UnsafeMutablePointer<S>, value: UnsafeMutablePointer<S>?,
                                                           fromValue: UnsafePointer<S>? = nil, highest: Int = 5) {
        // One loop per highest order, so that each copy computes only what it stores.
        switch highest {
        case ...1: fillTower(T.self, z, range, f, value: value, fromValue: fromValue, upTo: 1)
        case 2: fillTower(T.self, z, range, f, value: value, fromValue: fromValue, upTo: 2)
        case 3: fillTower(T.self, z, range, f, value: value, fromValue: fromValue, upTo: 3)
        default: fillTower(T.self, z, range, f, value: value, fromValue: fromValue, upTo: 5)
        }
    }

    @inline(__always)
    private static func fillTower<T: ScalarTower, S: KernelScalar>(_: T.Type, _ z: UnsafePointer<S>, _ range: Range<Int>,
                                                                   _ f: UnsafeMutablePointer<S>, value: UnsafeMutablePointer<S>?,
                                                                   fromValue: UnsafePointer<S>?, upTo highest: Int) {
        let lo = range.lowerBound, n = range.count, lanes = S.laneCount
        // Whole vectors first (loads and stores of constant width), then the remainder.
        if let fromValue {
            var j = 0
            while j + lanes <= n { storeTower(T.tower(value: load(fromValue + lo + j, lanes)) as Tower<S.Lanes>, f, j, value.map { $0 + lo }, lanes, highest); j += lanes }
            if j < n { storeTower(T.tower(value: load(fromValue + lo + j, n - j)) as Tower<S.Lanes>, f, j, value.map { $0 + lo }, n - j, highest) }
        } else {
            var j = 0
            while j + lanes <= n { storeTower(T.tower(load(z + lo + j, lanes)) as Tower<S.Lanes>, f, j, value.map { $0 + lo }, lanes, highest); j += lanes }
            if j < n { storeTower(T.tower(load(z + lo + j, n - j)) as Tower<S.Lanes>, f, j, value.map { $0 + lo }, n - j, highest) }
        }
    }

    /// Stores `count` lanes of a tower at offset `j`: the value into `value` (when given) and
    /// `f⁽¹⁾…f⁽ʰ⁾` into the scratch rows of `f`.
    @inline(__always)
    private static func storeTower<S: KernelScalar>(_ t: Tower<S.Lanes>, _ f: UnsafeMutablePointer<S>, _ j: Int,
                                                    _ value: UnsafeMutablePointer<S>?, _ count: Int, _ highest: Int) {
        if let value { store(t.0, value + j, count) }
        store(t.1, f + j, count)
        if highest >= 2 { store(t.2, f + grain + j, count) }
        if highest >= 3 { store(t.3, f + 2 * grain + j, count) }
        if highest >= 4 { store(t.4, f + 3 * grain + j, count); store(t.5, f + 4 * grain + j, count) }
    }

    static func forward<T: ScalarTower>(_ tower: T.Type, orders: [Int], z: Tensor) -> Tensor {
        let k = z.shape[0], m = z.count / max(k, 1)
        return z.scalars.withUnsafeBufferPointer { zb in
            Tensor(shape: z.shape) { yb in
                let Z = UncheckedSendable(zb.baseAddress!), Y = UncheckedSendable(yb.baseAddress!)
                if orders.isEmpty {
                    parallelChunks(count: m, grain: grain) { range in
                        let z = Z.value, y = Y.value
                        var i = range.lowerBound
                        while i < range.upperBound {
                            let c = min(8, range.upperBound - i)
                            store((T.tower(load(z + i, c)) as Tower<SIMD8<Double>>).0, y + i, c)
                            i += 8
                        }
                    }
                    return
                }
                parallelChunks(count: m, grain: grain) { range in
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 5 * grain)
                    defer { scratch.deallocate() }
                    forwardBlock(T.self, orders: orders, z: Z.value, y: Y.value, m: m, range: range, scratch: scratch)
                }
            }
        }
    }

    /// `y = f(z)` on elements `range` (at most `grain` of them) of stacked jets whose components lie
    /// `m` elements apart; `scratch` holds `5 · grain` values. With `towerFromValue`, the tower is
    /// rebuilt from known values `f(z)` (tanh) and block 0 of `z` is not read. `towerHighest` (at least
    /// the highest order) is the order up to which the tower is left in `scratch`.
    @inline(__always)
    static func forwardBlock<T: ScalarTower, S: KernelScalar>(_: T.Type, orders: [Int], z: UnsafePointer<S>, y: UnsafeMutablePointer<S>,
                                                              m: Int, range: Range<Int>, scratch: UnsafeMutablePointer<S>,
                                                              towerFromValue: UnsafePointer<S>? = nil, towerHighest: Int? = nil) {
        fillTower(T.self, z, range, scratch, value: y, fromValue: towerFromValue, highest: towerHighest ?? orders.max() ?? 1)
        let lo = range.lowerBound, n = range.count, lanes = S.laneCount
        var base = 1
        for order in orders {
            let z1 = z + base * m + lo, y1 = y + base * m + lo
            // One loop per order, so that the order and the vector width are constants in each.
            switch order {
            case 1: forwardDirection(order: 1, n: n, f: scratch, z1: z1, y1: y1, m: m)
            case 2: forwardDirection(order: 2, n: n, f: scratch, z1: z1, y1: y1, m: m)
            case 3: forwardDirection(order: 3, n: n, f: scratch, z1: z1, y1: y1, m: m)
            default: forwardDirection(order: 4, n: n, f: scratch, z1: z1, y1: y1, m: m)
            }
            base += order
        }
    }

    /// The derivative components of one direction of `order` on lanes `0..<n`: whole vectors first,
    /// then the remainder.
    @inline(__always)
    private static func forwardDirection<S: KernelScalar>(order: Int, n: Int, f: UnsafePointer<S>, z1: UnsafePointer<S>,
                                                          y1: UnsafeMutablePointer<S>, m: Int) {
        let lanes = S.laneCount
        var j = 0
        while j + lanes <= n { forwardStep(order: order, j, lanes, f: f, z1: z1, y1: y1, m: m); j += lanes }
        if j < n { forwardStep(order: order, j, n - j, f: f, z1: z1, y1: y1, m: m) }
    }

    /// Lanes `j..<j + c` (c ≤ lane count) of the derivative components of one direction of `order`.
    @inline(__always)
    private static func forwardStep<S: KernelScalar>(order: Int, _ j: Int, _ c: Int, f: UnsafePointer<S>, z1: UnsafePointer<S>,
                                                     y1: UnsafeMutablePointer<S>, m: Int) {
        let f1p = f, f2p = f + grain, f3p = f + 2 * grain, f4p = f + 3 * grain
        let z2 = z1 + m, z3 = z2 + m, z4 = z3 + m
        let y2 = y1 + m, y3 = y2 + m, y4 = y3 + m
        let f1 = load(f1p + j, c), a = load(z1 + j, c)
        store(f1 * a, y1 + j, c)
        if order >= 2 {
            let f2 = load(f2p + j, c), b = load(z2 + j, c)
            store(f2 * a * a + f1 * b, y2 + j, c)
            if order >= 3 {
                let f3 = load(f3p + j, c), cc = load(z3 + j, c)
                let q0: S.Lanes = f3 * a * a * a + 3 * f2 * a * b
                store(q0 + f1 * cc, y3 + j, c)
                if order >= 4 {
                    let f4 = load(f4p + j, c), d = load(z4 + j, c)
                    let a2: S.Lanes = a * a
                    let t1: S.Lanes = f4 * a2 * a2 + 6 * f3 * a2 * b
                    let inner: S.Lanes = 4 * a * cc + 3 * b * b
                    let t2: S.Lanes = f2 * inner + f1 * d
                    store(t1 + t2, y4 + j, c)
                }
            }
        }
    }

    static func backward<T: ScalarTower>(_ tower: T.Type, orders: [Int], z: Tensor, y: Tensor, g: Tensor) -> Tensor {
        let k = z.shape[0], m = z.count / max(k, 1)
        return z.scalars.withUnsafeBufferPointer { zb in
          y.scalars.withUnsafeBufferPointer { yb in
            g.scalars.withUnsafeBufferPointer { gb in
                Tensor(shape: z.shape) { ob in
                    let Z = UncheckedSendable(zb.baseAddress!), G = UncheckedSendable(gb.baseAddress!)
                    let O = UncheckedSendable(ob.baseAddress!), YV = UncheckedSendable(yb.baseAddress!)
                    parallelChunks(count: m, grain: grain) { range in
                        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 5 * grain)
                        defer { scratch.deallocate() }
                        backwardBlock(T.self, orders: orders, z: Z.value, towerFromValue: T.towerFromValue ? UnsafePointer(YV.value) : nil,
                                      g: G.value, out: O.value, m: m, range: range, scratch: scratch)
                    }
                }
            }
          }
        }
    }

    /// The cotangent of `z` from the cotangent `g` of `y = f(z)` on elements `range` (at most `grain`)
    /// of stacked jets whose components lie `m` elements apart; `scratch` holds `5 · grain` values.
    /// With `towerFromValue` (values `f(z)`, for tanh) block 0 of `z` is not read. With `towerReady`,
    /// `scratch` already holds the tower of this range up to one order above the highest (left there
    /// by `forwardBlock(towerHighest:)`).
    @inline(__always)
    static func backwardBlock<T: ScalarTower, S: KernelScalar>(_: T.Type, orders: [Int], z: UnsafePointer<S>,
                                                               towerFromValue: UnsafePointer<S>?, g: UnsafePointer<S>,
                                                               out: UnsafeMutablePointer<S>, m: Int, range: Range<Int>,
                                                               scratch: UnsafeMutablePointer<S>, towerReady: Bool = false) {
        if !towerReady { fillTower(T.self, z, range, scratch, value: nil, fromValue: towerFromValue, highest: (orders.max() ?? 0) + 1) }
        let lo = range.lowerBound, n = range.count, lanes = S.laneCount
        let o0 = out + lo, g0 = g + lo, f1p = UnsafePointer(scratch)
        // Whole vectors first (constant widths), then the remainder.
        var j = 0
        while j + lanes <= n { store(load(g0 + j, lanes) * load(f1p + j, lanes), o0 + j, lanes); j += lanes }
        if j < n { store(load(g0 + j, n - j) * load(f1p + j, n - j), o0 + j, n - j) }
        var base = 1
        for order in orders {
            let z1 = z + base * m + lo, g1 = g + base * m + lo, o1 = out + base * m + lo
            // One loop per order, so that the order and the vector width are constants in each.
            switch order {
            case 1: backwardDirection(order: 1, n: n, f: scratch, z1: z1, g1: g1, o1: o1, o0: o0, m: m)
            case 2: backwardDirection(order: 2, n: n, f: scratch, z1: z1, g1: g1, o1: o1, o0: o0, m: m)
            case 3: backwardDirection(order: 3, n: n, f: scratch, z1: z1, g1: g1, o1: o1, o0: o0, m: m)
            default: backwardDirection(order: 4, n: n, f: scratch, z1: z1, g1: g1, o1: o1, o0: o0, m: m)
            }
            base += order
        }
    }

    /// The cotangents of one direction of `order` on lanes `0..<n`: whole vectors first, then the
    /// remainder.
    @inline(__always)
    private static func backwardDirection<S: KernelScalar>(order: Int, n: Int, f: UnsafePointer<S>, z1: UnsafePointer<S>,
                                                           g1: UnsafePointer<S>, o1: UnsafeMutablePointer<S>,
                                                           o0: UnsafeMutablePointer<S>, m: Int) {
        let lanes = S.laneCount
        var j = 0
        while j + lanes <= n { backwardStep(order: order, j, lanes, f: f, z1: z1, g1: g1, o1: o1, o0: o0, m: m); j += lanes }
        if j < n { backwardStep(order: order, j, n - j, f: f, z1: z1, g1: g1, o1: o1, o0: o0, m: m) }
    }

    /// Lanes `j..<j + c` (c ≤ lane count) of one direction of `order`: writes the cotangents of its
    /// derivative components and adds its share to that of the value (`o0`). Row k of ∂y/∂z:
    /// ∂y₁ = (f″z₁, f′), ∂y₂ = (f‴z₁² + f″z₂, 2f″z₁, f′), …
    @inline(__always)
    private static func backwardStep<S: KernelScalar>(order: Int, _ j: Int, _ c: Int, f: UnsafePointer<S>, z1: UnsafePointer<S>,
                                                      g1: UnsafePointer<S>, o1: UnsafeMutablePointer<S>,
                                                      o0: UnsafeMutablePointer<S>, m: Int) {
        let f1p = f, f2p = f + grain, f3p = f + 2 * grain, f4p = f + 3 * grain, f5p = f + 4 * grain
        let z2 = z1 + m, z3 = z2 + m, z4 = z3 + m
        let g2 = g1 + m, g3 = g2 + m, g4 = g3 + m
        let o2 = o1 + m, o3 = o2 + m, o4 = o3 + m
        let f1 = load(f1p + j, c), f2 = load(f2p + j, c)
        let a = load(z1 + j, c), ga = load(g1 + j, c)
        var d0 = ga * f2 * a
        var d1 = ga * f1
        if order >= 2 {
            let f3 = load(f3p + j, c), b = load(z2 + j, c), gb = load(g2 + j, c)
            d0 += gb * (f3 * a * a + f2 * b)
            d1 += gb * 2 * f2 * a
            var d2 = gb * f1
            if order >= 3 {
                let f4 = load(f4p + j, c), cc = load(z3 + j, c), gc = load(g3 + j, c)
                let p0: S.Lanes = f4 * a * a * a + 3 * f3 * a * b
                d0 += gc * (p0 + f2 * cc)
                let p1: S.Lanes = 3 * f3 * a * a + 3 * f2 * b
                d1 += gc * p1
                d2 += gc * 3 * f2 * a
                var d3 = gc * f1
                if order >= 4 {
                    let f5 = load(f5p + j, c), d = load(z4 + j, c), gd = load(g4 + j, c)
                    let a2: S.Lanes = a * a
                    let inner: S.Lanes = 4 * a * cc + 3 * b * b
                    let u0: S.Lanes = f5 * a2 * a2 + 6 * f4 * a2 * b
                    let u1: S.Lanes = f3 * inner + f2 * d
                    d0 += gd * (u0 + u1)
                    let v0: S.Lanes = 4 * f4 * a2 * a + 12 * f3 * a * b
                    let v1: S.Lanes = 4 * f2 * cc
                    d1 += gd * (v0 + v1)
                    let w0: S.Lanes = 6 * f3 * a2 + 6 * f2 * b
                    d2 += gd * w0
                    d3 += gd * 4 * f2 * a
                    store(gd * f1, o4 + j, c)
                }
                store(d3, o3 + j, c)
            }
            store(d2, o2 + j, c)
        }
        store(d1, o1 + j, c)
        store(load(o0 + j, c) + d0, o0 + j, c)
    }

    /// Loads `count` (≤ lane count) values into a vector, zero-filling missing lanes.
    @inline(__always)
    static func load<S: KernelScalar>(_ p: UnsafePointer<S>, _ count: Int) -> S.Lanes {
        if count >= S.laneCount { return S.load(p) }
        var v = S.Lanes()
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func load<S: KernelScalar>(_ p: UnsafeMutablePointer<S>, _ count: Int) -> S.Lanes { load(UnsafePointer(p), count) }

    /// Stores the first `count` (≤ lane count) lanes.
    @inline(__always)
    static func store<S: KernelScalar>(_ v: S.Lanes, _ p: UnsafeMutablePointer<S>, _ count: Int) {
        S.store(v, p, lanes: count)
    }
}
