// elasticity-fem: plane-strain cantilever [0, 4] × [0, 1] (E = 1, ν = 0.3) clamped at x = 0, a total
// downward traction of 1 spread uniformly on x = 4. Reports the tip deflection (mean u_y on x = 4,
// positive downward) and the compliance fᵀu, against Timoshenko beam theory.
//
// `--n N` solves once on 4N × N squares split into triangles; without it, a table over
// n = 2, 4, … up to --max-n. Writes metrics.json, deflections.csv (table runs), solution.vtu
// (displacement vectors) and displacement.png (|u| on the deformed-free mesh) to runs/elasticity-fem/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

@main
struct ElasticityFEMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elasticity-fem",
        abstract: "Linear elasticity: a plane-strain cantilever under an end load, P1 (or P2) triangles.")

    @Option(help: "Output folder (default runs/elasticity-fem).") var output: String?
    @Option(help: "Element order, 1 (P1) or 2 (P2).") var order: Int = 1
    @Option(help: "Squares across the beam's height (4n × n); solves once at this size.") var n: Int?
    @Option(name: .customLong("max-n"), help: "Largest n of the table.") var maxN: Int = 32

    func validate() throws {
        guard order == 1 || order == 2 else { throw ValidationError("--order must be 1 or 2, got \(order)") }
        if let n, n < 1 { throw ValidationError("--n must be at least 1, got \(n)") }
        guard maxN >= 2 else { throw ValidationError("--max-n must be at least 2, got \(maxN)") }
    }

    func run() throws {
        try ExampleRunner.main("elasticity-fem") {
            let start = Date()
            let folder = try FEMOutputs.makeFolder(output, example: "elasticity-fem")
            let theory = CantileverFEM.beamTheoryDeflection
            var metrics = MetricsFile()
            metrics["example"] = .text("elasticity-fem")
            metrics["seed"] = .integer(0)
            metrics["order"] = .integer(order)
            metrics["beam_theory_deflection"] = .number(theory)
            var sizes: [Int] = []
            if let n { sizes = [n] } else { var s = 2; while s <= maxN { sizes.append(s); s *= 2 } }
            var rows = ["n,dofs,tip_deflection,compliance,seconds"]
            print("      n       dofs  tip deflection    compliance   vs beam theory   seconds")
            var last: CantileverFEM.Result?
            for size in sizes {
                let r = try CantileverFEM.solve(n: size, order: order)
                print(String(format: "%7d %10d  %14.6f  %12.6f  %14.4f  %8.3f", size, r.space.dofCount, r.tipDeflection, r.compliance, r.tipDeflection / theory, r.seconds))
                rows.append("\(size),\(r.space.dofCount),\(r.tipDeflection),\(r.compliance),\(r.seconds)")
                if sizes.count > 1 {
                    metrics["tip_deflection_n\(size)"] = .number(r.tipDeflection)
                    metrics["compliance_n\(size)"] = .number(r.compliance)
                }
                last = r
            }
            guard let last else { return }
            metrics["n"] = .integer(sizes.last!)
            metrics["dofs"] = .integer(last.space.dofCount)
            metrics["tip_deflection"] = .number(last.tipDeflection)
            metrics["compliance"] = .number(last.compliance)
            if sizes.count > 1 {
                try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("deflections.csv"), atomically: true, encoding: .utf8)
            }
            try FEMOutputs.writeVTU(space: last.space, fields: ["displacement": last.displacement], to: folder.appendingPathComponent("solution.vtu"))
            // |u| on a scalar P1 space over the same mesh, for the picture.
            let scalar = try FunctionSpace(mesh: last.space.mesh, element: LagrangeP1(.triangle))
            let u = last.displacement
            let magnitude: [Double] = (0..<scalar.nodeCount).map { v in
                let ux: Double = u[2 * v], uy: Double = u[2 * v + 1]
                return (ux * ux + uy * uy).squareRoot()
            }
            try FEMOutputs.writeGridPictures(space: scalar, solution: magnitude, exact: nil, folder: folder, name: "displacement", count: 241, title: "|u|")
            metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
            try metrics.write(to: folder.appendingPathComponent("metrics.json"))
            let summary = String(format: "elasticity-fem: tip deflection %.4f, compliance %.4f (beam theory %.4f)", last.tipDeflection, last.compliance, theory)
            print(summary + " at \(last.space.dofCount) dofs; outputs in \(folder.path)")
        }
    }
}
