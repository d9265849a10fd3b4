import CBLAS
import SystemResources

extension Tensor {
    /// The matrix product `op(a) · op(b)` through OpenBLAS `dgemm`, where `op` optionally transposes.
    ///
    /// Both operands must be matrices; complexity O(m·n·k).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        precondition(k == kb, "matmul inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        if m == 0 || n == 0 { return Tensor.zeros([m, n]) }
        if k == 0 { return Tensor.zeros([m, n]) }
        if !transposeA && TallSkinnyMatMul.applies(m: m, k: k, n: n) {
            // A tall operand times a small matrix: no copies of the tall operand (see TallSkinnyMatMul).
            return a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    Tensor(shape: [m, n]) { pc in
                        TallSkinnyMatMul.multiply(pa.baseAddress!, pb.baseAddress!, transposeB: transposeB,
                                                  into: pc.baseAddress!, m: m, k: k, n: n)
                    }
                }
            }
        }
        ProcessResources.capBLASThreads()
        return a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                Tensor(shape: [m, n]) { pc in
                    cblas_dgemm(CblasRowMajor,
                                transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1.0,
                                pa.baseAddress, Int32(a.shape[1]),
                                pb.baseAddress, Int32(b.shape[1]),
                                0.0, pc.baseAddress, Int32(n))
                }
            }
        }
    }
}
