import ArgumentParser
import Dispatch
import Foundation
import PDEKit

/// Times the sparse linear algebra: memory bandwidth (a STREAM-style triad) and SpMV on the 3-D
/// Laplacian, CG, IC(0)-PCG and smoothed-aggregation AMG-PCG on 3-D Laplacians, and a CHOLMOD
/// factorisation of a 2-D Laplacian.
struct SparseBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sparse",
        abstract: "Times SpMV (with a triad bandwidth reference), CG, IC(0)-PCG, AMG-PCG and CHOLMOD; one JSON line per result.")

    @Option(help: "Grid size n of the n³ Laplacian for SpMV.") var spmvGrid: Int = 128
    @Option(help: "Grid sizes of the n³ Laplacians for CG, IC(0)-PCG and AMG-PCG, comma-separated.") var cgGrids: String = "64,128"
    @Option(help: "Grid size n of the n² Laplacian for CHOLMOD (0 skips it).") var choleskyGrid: Int = 1024
    @Option(help: "Relative residual tolerance of CG and PCG.") var tolerance: Double = 1e-6
    @Option(help: "Timed SpMV and triad repetitions (the fastest and the median are reported).") var repeats: Int = 20
    @Option(help: "Timed repetitions of each CG solve and CHOLMOD factorisation (the fastest is reported).") var solveRepeats: Int = 3
    @Option(help: "Threads of the sparse kernels (default: PDEKIT_NUM_THREADS, else the cores this process may run on).") var threads: Int?

    func validate() throws {
        guard spmvGrid >= 2, choleskyGrid >= 0, repeats >= 1, solveRepeats >= 1, tolerance > 0 else {
            throw ValidationError("grid sizes, repeats and the tolerance must be positive")
        }
        guard parsedCGGrids() != nil else { throw ValidationError("--cg-grids must be positive integers separated by commas") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1") }
    }

    /// The fastest of `solveRepeats` set-ups (timed apart) and of as many preconditioned solves.
    func timePreconditioned<P: Preconditioner>(_ cg: ConjugateGradient, _ a: CSRMatrix, _ b: [Double],
                                               _ make: () throws -> P) throws -> (setup: Double, solve: Double, report: SolveReport, preconditioner: P) {
        var setup = Double.infinity
        var preconditioner = try make()
        for _ in 0..<solveRepeats {
            let start = DispatchTime.now().uptimeNanoseconds
            preconditioner = try make()
            setup = min(setup, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        var best = Double.infinity
        var report = try cg.solve(a, rightHandSide: b, preconditioner: preconditioner)
        best = report.wallTime
        for _ in 1..<max(solveRepeats, 1) {
            report = try cg.solve(a, rightHandSide: b, preconditioner: preconditioner)
            best = min(best, report.wallTime)
        }
        return (setup, best, report, preconditioner)
    }

    func parsedCGGrids() -> [Int]? {
        let parts = cgGrids.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 2 }) else { return nil }
        return parts.map { $0! }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffers()
        let threadCount = threads ?? SparseParallelism.defaultThreadCount
        let blasThreads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "default"

        // SpMV on the 3-D 7-point Laplacian, and the triad on vectors of the same total size.
        let a = try CSRMatrix.laplacian3D(n: spmvGrid)
        let n = a.rowCount
        let x = (0..<n).map { 1 + 1e-3 * Double($0 % 7) }
        var y = [Double](repeating: 0, count: n)
        // Matrix (values, column indices, row pointers) read once, x read once, y written once.
        let spmvBytes = Double(12 * a.nonzeroCount + 4 * (n + 1) + 16 * n)
        // Triad a = b + s c over arrays whose combined size matches the SpMV traffic. The two kernels
        // alternate, so that both see the same machine state; the fastest run of each is kept.
        let triadCount = max(Int(spmvBytes / 24), 1 << 20)
        let triad = TriadKernel(count: triadCount, threadCount: threadCount)
        var spmvTimes: [Double] = [], triadTimes: [Double] = [], symmetricTimes: [Double] = []
        let formStart = DispatchTime.now().uptimeNanoseconds
        let symmetric = try SymmetricCSRMatrix(a)
        let formSeconds = seconds(since: formStart)
        var ySymmetric = [Double](repeating: 0, count: n)
        a.apply(x, into: &y, threadCount: threadCount)
        symmetric.apply(x, into: &ySymmetric, threadCount: threadCount)
        triad.run()
        for _ in 0..<repeats {
            spmvTimes.append(time { a.apply(x, into: &y, threadCount: threadCount) })
            triadTimes.append(time { triad.run() })
            symmetricTimes.append(time { symmetric.apply(x, into: &ySymmetric, threadCount: threadCount) })
        }
        let spmv = summary(spmvTimes), triadTime = summary(triadTimes), symmetricTime = summary(symmetricTimes)
        let triadGBs = triad.bytes / triadTime.min / 1e9
        let spmvGBs = spmvBytes / spmv.min / 1e9
        emit(["kernel": "triad", "elements": triadCount, "threads": threadCount, "seconds_min": triadTime.min,
              "seconds_median": triadTime.median, "gb_per_s": triadGBs])
        emit(["kernel": "spmv", "problem": "laplacian3d", "grid": spmvGrid, "rows": n, "nnz": a.nonzeroCount,
              "threads": threadCount, "seconds_min": spmv.min, "seconds_median": spmv.median, "bytes": spmvBytes,
              "gb_per_s": spmvGBs, "fraction_of_triad": spmvGBs / triadGBs, "checksum": y.reduce(0, +)])
        // The upper-triangle form (what CG multiplies with): diagonal, upper entries and strips, row
        // pointers, x read once, y written once.
        let symmetricBytes = Double(8 * n + 12 * (symmetric.storedEntryCount - n) + 4 * (n + 1) + 16 * n)
        emit(["kernel": "spmv-symmetric", "problem": "laplacian3d", "grid": spmvGrid, "rows": n,
              "threads": threadCount, "seconds_min": symmetricTime.min, "seconds_median": symmetricTime.median,
              "bytes": symmetricBytes, "gb_per_s": symmetricBytes / symmetricTime.min / 1e9,
              "time_over_full_spmv": symmetricTime.min / spmv.min, "form_seconds": formSeconds,
              "checksum": ySymmetric.reduce(0, +)])

        // CG, IC(0)-PCG and AMG-PCG, b = ones, x₀ = 0, relative tolerance on ‖b − A x‖ / ‖b‖.
        for grid in parsedCGGrids() ?? [] {
            let a = try CSRMatrix.laplacian3D(n: grid)
            let b = [Double](repeating: 1, count: a.rowCount)
            let cg = ConjugateGradient(tolerances: SolverTolerances(relative: tolerance, maxIterations: 100_000),
                                       threadCount: threadCount)
            var report = try cg.solve(a, rightHandSide: b)
            var best = report.wallTime
            for _ in 1..<solveRepeats {
                report = try cg.solve(a, rightHandSide: b)
                best = min(best, report.wallTime)
            }
            let formStart = DispatchTime.now().uptimeNanoseconds
            let form = SymmetricCSRMatrix.automaticallyFrom(a)
            let formSeconds = seconds(since: formStart)
            emit(["solver": "cg", "problem": "laplacian3d", "grid": grid, "rows": a.rowCount, "threads": threadCount,
                  "symmetric_form": form != nil, "symmetric_form_seconds": formSeconds,
                  "tolerance": tolerance, "iterations": report.iterations, "seconds": best,
                  "seconds_per_iteration": best / Double(report.iterations), "relative_residual": report.relativeResidual])

            let (setup, pcgBest, pcg, _) = try timePreconditioned(cg, a, b) {
                try IncompleteCholeskyPreconditioner(a, threadCount: threadCount)
            }
            emit(["solver": "pcg-ic0", "problem": "laplacian3d", "grid": grid, "rows": a.rowCount, "threads": threadCount,
                  "tolerance": tolerance, "iterations": pcg.iterations, "setup_seconds": setup, "seconds": pcgBest,
                  "seconds_with_setup": setup + pcgBest, "relative_residual": pcg.relativeResidual])

            // Smoothed-aggregation AMG as the preconditioner (PyAMG's defaults).
            let (amgSetup, amgBest, amgReport, amg) = try timePreconditioned(cg, a, b) {
                try SmoothedAggregationPreconditioner(a, threadCount: threadCount)
            }
            emit(["solver": "pcg-amg", "problem": "laplacian3d", "grid": grid, "rows": a.rowCount, "threads": threadCount,
                  "tolerance": tolerance, "iterations": amgReport.iterations, "setup_seconds": amgSetup, "seconds": amgBest,
                  "seconds_with_setup": amgSetup + amgBest, "relative_residual": amgReport.relativeResidual,
                  "levels": amg.levels.count, "operator_complexity": amg.operatorComplexity])
        }

        // CHOLMOD on the 2-D 5-point Laplacian: analysis, numeric factorisation, one solve.
        if choleskyGrid > 0 {
            let a = try CSRMatrix.laplacian2D(n: choleskyGrid)
            let b = [Double](repeating: 1, count: a.rowCount)
            var analyze = Double.infinity, factor = Double.infinity, solve = Double.infinity
            var residual = Double.nan
            var analysed: SparseCholesky?
            for _ in 0..<solveRepeats {
                var t0 = DispatchTime.now().uptimeNanoseconds
                let cholesky = try SparseCholesky(analyzing: a)
                analyze = min(analyze, seconds(since: t0))
                t0 = DispatchTime.now().uptimeNanoseconds
                try cholesky.factor(a)
                factor = min(factor, seconds(since: t0))
                t0 = DispatchTime.now().uptimeNanoseconds
                let x = try cholesky.solve(b)
                solve = min(solve, seconds(since: t0))
                let ax = try a.multiplied(by: x)
                residual = zip(ax, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() / Double(a.rowCount).squareRoot()
                analysed = cholesky
            }
            let lnz: Double = analysed?.predictedFactorNonzeros ?? .nan
            let flops: Double = analysed?.predictedFlops ?? .nan
            emit(["solver": "cholmod", "problem": "laplacian2d", "grid": choleskyGrid, "rows": a.rowCount,
                  "nnz": a.nonzeroCount, "blas_threads": blasThreads, "analyze_seconds": analyze, "factor_seconds": factor,
                  "solve_seconds": solve, "total_seconds": analyze + factor + solve, "factor_nonzeros": lnz,
                  "factor_flops": flops, "relative_residual": residual])
        }
    }

    func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// Seconds `body` takes.
    func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return seconds(since: start)
    }

    /// The fastest and the median of `times`.
    func summary(_ times: [Double]) -> (min: Double, median: Double) {
        let t = times.sorted()
        return (t[0], t[t.count / 2])
    }

    /// Prints one JSON object with the keys in sorted order, prefixed by `"peer": "pdekit"`.
    func emit(_ fields: [String: Any]) {
        var line: [String: Any] = fields
        line["peer"] = "pdekit"
        if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]),
           let text = String(data: data, encoding: .utf8) {
            print(text)
        }
    }
}
