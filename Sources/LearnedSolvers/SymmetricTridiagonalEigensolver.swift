/// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by the implicit QL method with
/// Wilkinson-type shifts (EISPACK `tql2`, as in JAMA).
///
/// Accuracy: backward stable, eigenvalues to about `ε · ‖T‖`. Cost: O(m²) for the values plus O(m³)
/// for accumulating the vectors; memory m².
public enum SymmetricTridiagonalEigensolver {
    /// Returns the eigenvalues in ascending order and the matching unit eigenvectors
    /// (`vectors[k]` belongs to `values[k]`, `m` entries each).
    ///
    /// - Parameters:
    ///   - diagonal: the `m` diagonal entries.
    ///   - offDiagonal: the `m − 1` entries below (and above) the diagonal.
    public static func decompose(diagonal: [Double], offDiagonal: [Double]) -> (values: [Double], vectors: [[Double]]) {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0), "tridiagonal matrix needs \(max(n - 1, 0)) off-diagonal entries")
        if n == 0 { return ([], []) }
        var d = diagonal
        var e = offDiagonal + [0]            // e[i] couples rows i and i + 1
        // v[k][i]: row k, column i (column i will hold eigenvector i).
        var v = (0..<n).map { k in (0..<n).map { $0 == k ? 1.0 : 0.0 } }
        var f = 0.0, tst1 = 0.0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            tst1 = max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 && abs(e[m]) > eps * tst1 { m += 1 }
            if m > l {
                var iteration = 0
                repeat {
                    iteration += 1
                    if iteration > 60 { break }
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = (p * p + 1).squareRoot()
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    var i = m - 1
                    while i >= l {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = (p * p + e[i] * e[i]).squareRoot()
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        for k in 0..<n {
                            h = v[k][i + 1]
                            v[k][i + 1] = s * v[k][i] + c * h
                            v[k][i] = c * v[k][i] - s * h
                        }
                        i -= 1
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1
            }
            d[l] += f
            e[l] = 0
        }
        let order = (0..<n).sorted { d[$0] < d[$1] }
        return (order.map { d[$0] }, order.map { i in (0..<n).map { v[$0][i] } })
    }
}
