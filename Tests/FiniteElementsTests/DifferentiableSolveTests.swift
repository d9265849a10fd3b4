import Foundation
import XCTest
import Autodiff
import Meshes
import FiniteElements

final class DifferentiableSolveTests: XCTestCase {
    /// L(κ, f) = Σ wᵢ uᵢ(κ, f) with fixed pseudo-random weights.
    private func loss(_ solve: DifferentiableSolve, _ kappa: Variable, _ load: Variable, weights: [Double]) throws -> Variable {
        let u = try solve(coefficients: kappa, load: load)
        return (u * Variable(Tensor(weights))).sum()
    }

    func testAdjointGradientEqualsFiniteDifferences() throws {
        for element in [LagrangeP1(.triangle) as any ReferenceElement, LagrangeP2(.triangle)] {
            let mesh = try Mesh.rectangle(nx: 4, ny: 3)
            let space = try FunctionSpace(mesh: mesh, element: element)
            let wall = DirichletCondition(space: space, tags: [1, 3]) { x in 0.5 * x[1] }
            let solve = try DifferentiableSolve(space: space, form: .laplace, dirichlet: wall)
            let kappaValues = (0..<mesh.cellCount).map { 1 + 0.5 * sin(Double($0)) }
            let loadValues = try space.assemble(LinearForm { v, p in (1 + p.x.x) * v.value })
            let weights = (0..<space.dofCount).map { cos(0.7 * Double($0)) }
            let kappa = Variable.parameter(Tensor(kappaValues)), load = Variable.parameter(Tensor(loadValues))
            let grads = gradients(of: try loss(solve, kappa, load, weights: weights), wrt: [kappa, load])
            let h = 1e-6
            for c in [0, 5, mesh.cellCount - 1] {
                var plus = kappaValues, minus = kappaValues
                plus[c] += h
                minus[c] -= h
                let lp = try loss(solve, Variable(Tensor(plus)), Variable(Tensor(loadValues)), weights: weights).value.scalars[0]
                let lm = try loss(solve, Variable(Tensor(minus)), Variable(Tensor(loadValues)), weights: weights).value.scalars[0]
                XCTAssertEqual(grads[0].value.scalars[c], (lp - lm) / (2 * h), accuracy: 1e-7 * max(1, abs(lp)), "κ[\(c)] \(element)")
            }
            // The solve is linear in f: f̄ is exact, checked with one step.
            for i in [7, space.dofCount / 2] {
                var plus = loadValues
                plus[i] += 1
                let base = try loss(solve, Variable(Tensor(kappaValues)), Variable(Tensor(loadValues)), weights: weights).value.scalars[0]
                let lp = try loss(solve, Variable(Tensor(kappaValues)), Variable(Tensor(plus)), weights: weights).value.scalars[0]
                XCTAssertEqual(grads[1].value.scalars[i], lp - base, accuracy: 1e-10)
            }
        }
    }

    func testGradientWithRespectToDirichletValues() throws {
        let mesh = try Mesh.rectangle(nx: 3, ny: 3)
        let space = try FunctionSpace(mesh: mesh, element: LagrangeP2(.triangle))
        let wall = DirichletCondition(space: space, tags: [1, 2]) { x in x[1] }
        let solve = try DifferentiableSolve(space: space, form: .laplace, dirichlet: wall)
        let kappa = Variable(Tensor((0..<mesh.cellCount).map { 1 + 0.1 * Double($0 % 3) }))
        let load = Variable(Tensor(try space.assemble(.source { _ in 1 })))
        let weights = Variable(Tensor((0..<space.dofCount).map { sin(Double($0)) }))
        func loss(_ g: [Double]) throws -> Variable {
            (try solve(coefficients: kappa, load: load, dirichletValues: Variable.parameter(Tensor(g))) * weights).sum()
        }
        let g = Variable.parameter(Tensor(wall.values))
        let gBar = gradients(of: (try solve(coefficients: kappa, load: load, dirichletValues: g) * weights).sum(), wrt: [g])[0]
        // Linear in g: one unit step is exact.
        let base = try loss(wall.values).value.scalars[0]
        for d in [0, wall.dofs.count / 2, wall.dofs.count - 1] {
            var shifted = wall.values
            shifted[d] += 1
            XCTAssertEqual(gBar.value.scalars[d], try loss(shifted).value.scalars[0] - base, accuracy: 1e-10)
        }
    }

    func testNonPositiveCoefficientIsAClearError() throws {
        let space = try FunctionSpace(mesh: Mesh.rectangle(nx: 2, ny: 2), element: LagrangeP1(.triangle))
        let solve = try DifferentiableSolve(space: space, form: .laplace, dirichlet: DirichletCondition(space: space, tags: [1]) { _ in 0 })
        let kappa = Variable(Tensor([Double](repeating: -1, count: space.mesh.cellCount)))
        XCTAssertThrowsError(try solve(coefficients: kappa, load: Variable(Tensor([Double](repeating: 1, count: space.dofCount))))) { error in
            XCTAssertTrue("\(error)".hasPrefix("linear solve failed"), "\(error)")
        }
        XCTAssertThrowsError(try solve(coefficients: Variable(Tensor([1.0])), load: Variable(Tensor([1.0]))))
    }
}
