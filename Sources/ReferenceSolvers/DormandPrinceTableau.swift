/// The Butcher tableau of Dormand–Prince 5(4) (Dormand & Prince 1980; Hairer–Nørsett–Wanner,
/// *Solving ODEs I*, table 5.2): seven stages, the seventh evaluated at the new point (FSAL: it is
/// the first stage of the next step), fifth-order propagated solution, embedded fourth-order error
/// estimate.
enum DormandPrinceTableau {
    static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]

    /// `a[i]` holds the coefficients of stage i + 1 (`a[0]` is empty).
    static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]

    /// The fifth-order weights (equal to the last row of `a`).
    static let b: [Double] = [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0]

    /// The difference of the fifth- and fourth-order weights, `b − b̂`, for the error estimate.
    static let errorWeights: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
    ]
}
