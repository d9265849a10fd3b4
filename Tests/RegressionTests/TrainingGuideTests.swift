import Foundation
import PDEKit
import XCTest

/// The snippet of Documentation/Training.md, run with synthetic observations (the truth D = 0.1)
/// and a temporary output folder.
final class TrainingGuideTests: XCTestCase {
    func testGuideSnippetRecoversTheCoefficient() throws {
        let truth = { (x: Double, t: Double) in exp(-0.1 * .pi * .pi * t) * sin(.pi * x) }
        let observed = RandomKey(seed: 9).uniform([60, 2])
        var coordinates: [Double] = [], values: [Double] = []
        for i in 0..<60 {
            let (x, t) = (2 * observed.scalars[2 * i] - 1, observed.scalars[2 * i + 1])
            coordinates += [x, t]
            values.append(truth(x, t))
        }
        let observedPoints = Tensor(shape: [60, 2], scalars: coordinates)
        let observedValues = Tensor(shape: [60, 1], scalars: values)
        let newPoints = Tensor(shape: [3, 2], scalars: [0.5, 0.5, -0.25, 0.9, 0, 0])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdekit-guide-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }

        let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 1)          // x ∈ [−1, 1], t ∈ [0, 1]
        let problem = Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: 500, sampling: .shiftedSobol, derivatives: ["t", "xx"]) { c in
                let u = c[0]
                return u.t - c.parameters["D"] * u.xx                            // D is trained
            },
            .dirichlet(on: domain, count: 50) { _ in 0 },                        // u(±1, t) = 0
            .initial(on: domain, count: 50) { p in sin(.pi * p[0]) },            // u(x, 0) = sin(πx)
            .data(points: observedPoints, values: observedValues),               // [n, 2] and [n, 1]
        ])
        let model = PINN(network: MLP(sizes: [2, 32, 32, 1], activation: .tanh, key: RandomKey(seed: 0)),
                         physicalParameters: PhysicalParameters(["D": 0.5]))

        var options = TrainingOptions(stages: [.adam(steps: 1000, schedule: .constant(2e-3)), .lbfgs(iterations: 500)])
        options.resampleEvery = 250                                              // redraw the points
        options.output = folder                                                  // model.ckpt, loss.csv
        options.checkpointEvery = 250
        options.progressEvery = 0
        let trainer = try Trainer(problem: problem, model: model, options: options)
        let report = try trainer.train()
        let u = trainer.model.predict(newPoints)                                 // [n, 1]

        XCTAssertEqual(report.physicalParameters["D"]!, 0.1, accuracy: 0.002)
        for i in 0..<3 {
            XCTAssertEqual(u.scalars[i], truth(newPoints.scalars[2 * i], newPoints.scalars[2 * i + 1]), accuracy: 5e-3)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("loss.csv").path))
    }
}
