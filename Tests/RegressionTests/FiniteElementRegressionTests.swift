import Foundation
import XCTest
import ExampleSupport
import PDEKit

/// Fast versions of the finite-element examples, checked against exact solutions and beam theory.
final class FiniteElementRegressionTests: XCTestCase {
    func testPoissonFEMErrorsAndSolversAgree() throws {
        let p1 = try PoissonFEM.solve(dimension: 2, order: 1, n: 32, solver: .cholmod)
        let p2 = try PoissonFEM.solve(dimension: 2, order: 2, n: 32, solver: .pcg)
        // The measured values of the convergence table (n = 32): 1.350e-3 and 8.601e-6.
        XCTAssertEqual(p1.l2Error, 1.350e-3, accuracy: 0.005e-3)
        XCTAssertEqual(p2.l2Error, 8.601e-6, accuracy: 0.01e-6)
        XCTAssertNotNil(p2.iterations)
        let p2Direct = try PoissonFEM.solve(dimension: 2, order: 2, n: 32, solver: .cholmod)
        XCTAssertLessThan(zip(p2.solution, p2Direct.solution).map { abs($0 - $1) }.max()!, 1e-8)
        // AMG-preconditioned CG on the P2 stiffness matrix (not an M-matrix; Dirichlet rows kept as
        // identity rows): the same solution in fewer iterations than IC(0) needs.
        let p2AMG = try PoissonFEM.solve(dimension: 2, order: 2, n: 32, solver: .amg)
        XCTAssertLessThan(zip(p2AMG.solution, p2Direct.solution).map { abs($0 - $1) }.max()!, 1e-8)
        XCTAssertLessThan(p2AMG.iterations!, p2.iterations!)
    }

    func testPoisson3DSecondOrderConverges() throws {
        let coarse = try PoissonFEM.solve(dimension: 3, order: 2, n: 4, solver: .cholmod)
        let fine = try PoissonFEM.solve(dimension: 3, order: 2, n: 8, solver: .cholmod)
        XCTAssertEqual(log2(coarse.l2Error / fine.l2Error), 3, accuracy: 0.1)
    }

    func testCantileverApproachesBeamTheory() throws {
        let r = try CantileverFEM.solve(n: 8, order: 2)
        // Timoshenko theory is 245.44; the 2D clamped beam is slightly stiffer (243.3 at P2, n = 16).
        XCTAssertEqual(r.tipDeflection / CantileverFEM.beamTheoryDeflection, 0.99, accuracy: 0.005)
        XCTAssertEqual(r.compliance, r.tipDeflection, accuracy: 1e-9 * r.compliance)
        let coarseP1 = try CantileverFEM.solve(n: 2, order: 1)
        XCTAssertLessThan(coarseP1.tipDeflection, 0.6 * r.tipDeflection, "P1 locks on the coarse mesh")
    }

    func testHeatSchemesHaveTheirOrderInTime() throws {
        let problem = try HeatFEM.Discretisation(order: 2, n: 16)
        let exact: ([Double]) -> Double = { HeatFEM.exact($0, time: 0.1) }
        for (scheme, order) in [(HeatFEM.Scheme.backwardEuler, 1.0), (.crankNicolson, 2.0)] {
            let e1 = try problem.space.l2Error(try problem.march(scheme, finalTime: 0.1, steps: 8), exact: exact)
            let e2 = try problem.space.l2Error(try problem.march(scheme, finalTime: 0.1, steps: 16), exact: exact)
            XCTAssertEqual(log2(e1 / e2), order, accuracy: 0.1, "\(scheme)")
        }
    }

    func testConductivityInversionReducesTheErrorOfKappa() throws {
        let problem = try ConductivityInversion(n: 16, noise: 0.01, seed: 0)
        var model = MLP(sizes: [2, 16, 16, 1], activation: .tanh, key: RandomKey(seed: 0))
        let initial = problem.relativeError(model)
        let template = model.parameterTensors
        let report = LBFGS(historySize: 20, maxIterations: 150).minimize(from: ParameterVector.flatten(template)) { x in
            var trial = model
            trial.setParameterTensors(ParameterVector.unflatten(x, like: template))
            return (try? problem.lossAndGradient(trial)) ?? (.infinity, [Double](repeating: 0, count: x.count))
        }
        model.setParameterTensors(ParameterVector.unflatten(report.x, like: template))
        let final = problem.relativeError(model)
        XCTAssertLessThan(final, 0.2)
        XCTAssertLessThan(final, 0.5 * initial)
    }

    func testGmshLShapeSolvedWithP2ConvergesAtThirdOrder() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let mesh = try Mesh(gmshFile: root.appendingPathComponent("Data/meshes/l_shape.msh").path)
        // sin(πx) sin(πy) vanishes on every edge of the L-shape.
        func error(on mesh: Mesh) throws -> Double {
            let space = try FunctionSpace(mesh: mesh, element: LagrangeP2(.triangle))
            let stiffness = try space.assemble(.laplace)
            let load = try space.assemble(.source { x in 2 * Double.pi * Double.pi * sin(Double.pi * x.x) * sin(Double.pi * x.y) })
            let (k, b) = try DirichletCondition(space: space) { _ in 0 }.apply(to: stiffness, rightHandSide: load)
            let u = try SparseCholesky(factoring: k).solve(b)
            return try space.l2Error(u, exact: { sin(Double.pi * $0[0]) * sin(Double.pi * $0[1]) })
        }
        let coarse = try error(on: mesh), fine = try error(on: mesh.refined()), finer = try error(on: mesh.refined().refined())
        XCTAssertLessThan(fine, 2e-4)
        XCTAssertEqual(log2(fine / finer), 3, accuracy: 0.15, "errors \(coarse), \(fine), \(finer)")
    }
}
