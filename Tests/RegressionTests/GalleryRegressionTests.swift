import ExampleSupport
import Foundation
import PDEKit
import XCTest

/// Fast versions of the examples (fixed seeds, small budgets) trained with the library's
/// ``Trainer``, asserting errors against exact solutions.
final class GalleryRegressionTests: XCTestCase {
    func train(_ example: GalleryCase, adam: Int, lbfgs: Int) throws -> (PINN<Sequential>, TrainingReport) {
        var options = example.options(stages: example.stages(adam: adam, lbfgs: lbfgs))
        options.progressEvery = 0
        options.validation = nil
        let trainer = try Trainer(problem: example.problem, model: example.model, options: options)
        let report = try trainer.train()
        return (trainer.model, report)
    }

    func testPoisson1DThroughTheTrainer() throws {
        let example = Gallery.poisson1D(points: 48, width: 16, depth: 2, seed: 3)
        let (model, _) = try train(example, adam: 300, lbfgs: 400)
        XCTAssertLessThan(example.errors(of: model).overall, 1e-4)
    }

    func testPoisson2DSquare() throws {
        let example = Gallery.poisson2D(domain: .square, points: 256, width: 16, depth: 2, seed: 1)
        let (model, _) = try train(example, adam: 200, lbfgs: 300)
        XCTAssertLessThan(example.errors(of: model).overall, 1e-3)
    }

    func testDiffusionWithSoftConditions() throws {
        let example = Gallery.diffusion1D(points: 300, boundaryPoints: 60, width: 16, depth: 2, seed: 1)
        let (model, report) = try train(example, adam: 300, lbfgs: 400)
        XCTAssertLessThan(example.errors(of: model).overall, 1e-2)
        XCTAssertLessThan(report.terms["bc"]!, 1e-4)
        XCTAssertLessThan(report.terms["ic"]!, 1e-4)
    }

    func testInfiniteQuantumWell() throws {
        let example = Gallery.quantumWell(.infinite, points: 200, width: 16, depth: 2, seed: 1)
        let (model, _) = try train(example, adam: 300, lbfgs: 300)
        XCTAssertLessThan(example.errors(of: model).overall, 1e-4)
    }

    func testInverseDiffusionRecoversTheCoefficient() throws {
        let example = Gallery.inverseDiffusion(points: 300, observations: 100, width: 16, depth: 2, adam: 300, lbfgs: 500, seed: 1)
        let (model, report) = try train(example, adam: 300, lbfgs: 500)
        let d = try XCTUnwrap(report.physicalParameters["D"])
        XCTAssertEqual(d, 0.1, accuracy: 0.002, "recovered D = \(d)")
        XCTAssertEqual(model.physicalParameters.value("D"), d)
    }
}
