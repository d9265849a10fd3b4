import Foundation
import XCTest
import Autodiff
import NeuralNetworks
import SparseLinearAlgebra
import LearnedSolvers

/// The pretrained weights in Data/ load and make DCDM beat unpreconditioned CG on a grid it was not
/// trained at.
final class ShippedWeightsTests: XCTestCase {
    func testShippedWeightsSolveAnUnseenGridInFewIterations() throws {
        // The default weights are the spec's network, the others the network with one extra coarsening level.
        for (file, extraLevels) in [("dcdm_weights.ckpt", 0), ("dcdm_weights_extra_level.ckpt", 1)] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Data/\(file)")
            let network = try DCDMNetwork(checkpoint: Checkpoint(contentsOf: url))
            XCTAssertEqual(network.intermediateLevels.count, extraLevels, file)
            if extraLevels == 0 { XCTAssertEqual(network.parameterCount, 97_457) }
            let m = network.sizeMultiple
            let grid = try PoissonGrid.box(n: (12 + m - 1) / m * m)   // 12³, or the next size the layout allows
            let a = try grid.laplacian()
            let b = RandomKey(seed: 1).normal([grid.unknownCount]).scalars
            let tolerances = SolverTolerances(relative: 1e-6, maxIterations: 200)
            let dcdm = try DeepConjugateDirections(tolerances: tolerances)
                .solve(a, rightHandSide: b, proposer: NetworkDirection(network: network, grid: grid))
            let cg = try ConjugateGradient(tolerances: tolerances).solve(a, rightHandSide: b)
            XCTAssertEqual(dcdm.reason, .converged, file)
            XCTAssertLessThan(dcdm.iterations * 2, cg.iterations, "\(file): DCDM \(dcdm.iterations), CG \(cg.iterations)")
        }
    }
}
