import XCTest
import Autodiff
import NeuralNetworks
import SparseLinearAlgebra
import LearnedSolvers

final class DCDMNetworkTests: XCTestCase {
    func testNetworkHasThePapersSizeAndRunsAtAnyEvenGrid() {
        let net = DCDMNetwork(key: RandomKey(seed: 0))
        // 448 (1→16) + 14 × 6928 (16→16, 3³) + 17 (16→1, 1³).
        XCTAssertEqual(net.parameterCount, 97_457)
        XCTAssertEqual(net.parameters.count, 32)
        for n in [4, 6] {
            let b = Variable(RandomKey(seed: 1).normal([2, 1, n, n, n]))
            let y = net(b)
            XCTAssertEqual(y.shape, [2, 1, n, n, n])
            XCTAssertTrue(y.value.scalars.allSatisfy(\.isFinite))
        }
        // Parameters round-trip through the setter in order.
        var copy = DCDMNetwork(key: RandomKey(seed: 9))
        copy.parameterTensors = net.parameterTensors
        let b = RandomKey(seed: 2).normal([1, 1, 4, 4, 4])
        XCTAssertEqual(copy(b), net(b))
        // Frozen copies compute the same and record no graph.
        XCTAssertEqual(net.frozen(Variable(b)).value, net(b))
        XCTAssertFalse(net.frozen(Variable(b)).requiresGradient)
    }

    /// An extra coarsening level adds 34 640 parameters and widens what the network sees: a point
    /// input 30 cells away changes its output, which the spec's network (about ±24 cells) cannot.
    func testExtraLevelsWidenTheReachAndKeepTheSpecsParameterOrder() throws {
        let n = 32, distance = 30
        var point = [Double](repeating: 0, count: n * n * n)
        point[0] = 1
        let input = Variable(Tensor(shape: [1, 1, n, n, n], scalars: point))
        for extraLevels in [0, 1] {
            let net = DCDMNetwork(channels: 4, extraLevels: extraLevels, key: RandomKey(seed: 3))
            XCTAssertEqual(net.sizeMultiple, 2 << extraLevels)
            let far = net(input).value.scalars[distance]  // cell (x = 30, y = 0, z = 0)
            if extraLevels == 0 { XCTAssertEqual(far, 0) } else { XCTAssertNotEqual(far, 0) }
        }
        XCTAssertEqual(DCDMNetwork(extraLevels: 1, key: RandomKey(seed: 0)).parameterCount, 97_457 + 34_640)
        // The spec's parameters come first, so a spec checkpoint is a prefix; loading it into a
        // network with extra levels is a count mismatch, reported.
        let spec = DCDMNetwork(key: RandomKey(seed: 4))
        var wider = DCDMNetwork(extraLevels: 1, key: RandomKey(seed: 4))
        XCTAssertEqual(Array(wider.parameterTensors.prefix(spec.parameters.count)), spec.parameterTensors)
        var checkpoint = Checkpoint()
        checkpoint.set(spec.parameterEntries())
        XCTAssertThrowsError(try wider.loadParameters(from: checkpoint))
    }

    /// A checkpoint records the layout: `init(checkpoint:)` rebuilds networks with and without extra
    /// levels and any channel count with the same weights, and rejects bad layout metadata.
    func testCheckpointRecordsTheLayoutAndReloadsTheSameNetwork() throws {
        let b = RandomKey(seed: 5).normal([1, 1, 8, 8, 8])
        for (channels, extraLevels) in [(3, 0), (4, 1), (2, 2)] {
            let net = DCDMNetwork(channels: channels, extraLevels: extraLevels, key: RandomKey(seed: 6))
            let checkpoint = net.checkpoint()
            XCTAssertEqual(checkpoint.metadata[DCDMNetwork.extraLevelsMetadataKey], "\(extraLevels)")
            let reloaded = try DCDMNetwork(checkpoint: Checkpoint(data: checkpoint.encoded()))
            XCTAssertEqual(reloaded.channels, channels)
            XCTAssertEqual(reloaded.intermediateLevels.count, extraLevels)
            XCTAssertEqual(reloaded(b), net(b))
        }
        // Without metadata the layout is the spec's; a wider checkpoint then does not fit.
        var bare = Checkpoint()
        bare.set(DCDMNetwork(channels: 3, key: RandomKey(seed: 7)).parameterEntries())
        XCTAssertEqual(try DCDMNetwork(checkpoint: bare).intermediateLevels.count, 0)
        var wider = DCDMNetwork(channels: 3, extraLevels: 1, key: RandomKey(seed: 7)).checkpoint()
        wider.metadata[DCDMNetwork.extraLevelsMetadataKey] = "0"
        XCTAssertThrowsError(try DCDMNetwork(checkpoint: wider))
        wider.metadata[DCDMNetwork.extraLevelsMetadataKey] = "one"
        XCTAssertThrowsError(try DCDMNetwork(checkpoint: wider)) { error in
            XCTAssertTrue("\(error)".contains("extra_levels"), "\(error)")
        }
        // The solid channel is read from the first weight's shape.
        let solid = DCDMNetwork(channels: 3, extraLevels: 1, solidChannel: true, key: RandomKey(seed: 8))
        let reloaded = try DCDMNetwork(checkpoint: Checkpoint(data: solid.checkpoint().encoded()))
        XCTAssertTrue(reloaded.hasSolidChannel)
        let b2 = RandomKey(seed: 9).normal([1, 2, 8, 8, 8])
        XCTAssertEqual(reloaded(b2), solid(b2))
    }

    /// A solid channel added with zero weights changes nothing until trained; with weights it makes
    /// the direction depend on where the solid cells are, for the same residual.
    func testSolidChannelStartsNeutralAndThenSeesTheObstacle() throws {
        let grid = try PoissonGrid.sphereObstacle(n: 8)
        let plain = DCDMNetwork(channels: 4, key: RandomKey(seed: 31))
        let added = plain.addingSolidChannel()
        XCTAssertFalse(plain.hasSolidChannel)
        XCTAssertTrue(added.hasSolidChannel)
        XCTAssertEqual(added.parameterCount, plain.parameterCount + 4 * 27)
        let r = RandomKey(seed: 32).normal([grid.unknownCount]).scalars
        XCTAssertEqual(NetworkDirection(network: added, grid: grid).direction(for: r),
                       NetworkDirection(network: plain, grid: grid).direction(for: r))
        let input = added.gridInput(Tensor(shape: [1, r.count], scalars: r), on: grid)
        XCTAssertEqual(input.shape, [1, 2, 8, 8, 8])
        XCTAssertEqual(Array(input.scalars[512...]), grid.isSolid.map { $0 ? 1.0 : 0.0 })

        let seeing = DCDMNetwork(channels: 4, solidChannel: true, key: RandomKey(seed: 33))
        let withSolid = seeing.gridInput(Tensor(shape: [1, r.count], scalars: r), on: grid)
        var blind = withSolid.scalars
        for i in 512..<1024 { blind[i] = 0 }
        let seen = grid.restrict(seeing.frozen(Variable(withSolid)).value.scalars)
        let unseen = grid.restrict(seeing.frozen(Variable(Tensor(shape: withSolid.shape, scalars: blind))).value.scalars)
        let largest = zip(seen, unseen).map { abs($0 - $1) }.max()!
        XCTAssertGreaterThan(largest, 1e-2 * seen.map(abs).max()!)
    }
    func testLossIsScaleInvariantAndZeroForTheExactSolution() throws {
        let grid = try PoissonGrid.box(n: 4)
        let a = try grid.laplacian()
        let b = RandomKey(seed: 3).normal([2, 64])
        let y = RandomKey(seed: 4).normal([2, 64])
        let base = DCDMLoss.value(directions: Variable(y), rightHandSides: b, operator: a).scalar
        for c in [3.7, -0.2, 1e4] {
            XCTAssertEqual(DCDMLoss.value(directions: Variable(y * c), rightHandSides: b, operator: a).scalar, base,
                           accuracy: 1e-12 * max(1, base))
        }
        XCTAssertGreaterThan(base, 0)
        // y = A⁻¹ b (up to scale) leaves no residual.
        let rows = (0..<2).map { Array(b.scalars[($0 * 64)..<(($0 + 1) * 64)]) }
        let exact = try rows.map { try SparseCholesky(factoring: a).solve($0) }
        let loss = DCDMLoss.value(directions: Variable(Tensor(shape: [2, 64], scalars: exact.flatMap { $0.map { 5 * $0 } })),
                                  rightHandSides: b, operator: a).scalar
        XCTAssertEqual(loss, 0, accuracy: 1e-20)
    }

    func testLossGradientMatchesFiniteDifferences() throws {
        let a = try PoissonGrid.box(n: 4).laplacian()
        let b = RandomKey(seed: 5).normal([3, 64])
        let y0 = RandomKey(seed: 6).normal([3, 64])
        let y = Variable.parameter(y0)
        let grad = gradients(of: DCDMLoss.value(directions: y, rightHandSides: b, operator: a), wrt: [y])[0].value
        let step = 1e-6
        for i in [0, 17, 63, 64, 100, 191] {
            var plus = y0.scalars, minus = y0.scalars
            plus[i] += step
            minus[i] -= step
            let fd = (DCDMLoss.value(directions: Variable(Tensor(shape: [3, 64], scalars: plus)), rightHandSides: b, operator: a).scalar
                      - DCDMLoss.value(directions: Variable(Tensor(shape: [3, 64], scalars: minus)), rightHandSides: b, operator: a).scalar) / (2 * step)
            XCTAssertEqual(grad.scalars[i], fd, accuracy: 1e-6 * max(1, abs(fd)))
        }
        // Scale invariance makes the gradient orthogonal to y in each row.
        for row in 0..<3 {
            let dot = (0..<64).map { grad.scalars[row * 64 + $0] * y0.scalars[row * 64 + $0] }.reduce(0, +)
            XCTAssertEqual(dot, 0, accuracy: 1e-10)
        }
    }

    /// The network reads residuals at unit root-mean-square on every grid, so a proposal does not
    /// depend on the residual's scale (the network itself, having biases, would).
    func testNetworkDirectionFeedsUnitRootMeanSquareResiduals() throws {
        var network = DCDMNetwork(channels: 4, key: RandomKey(seed: 11))
        network.parameters = network.parameters.enumerated().map { i, p in
            p.shape.count == 1 ? Variable.parameter(RandomKey(seed: 12).fold(in: i).normal(p.shape)) : p  // nonzero biases
        }
        for n in [4, 8] {
            let grid = try PoissonGrid.box(n: n)
            let r = RandomKey(seed: 13).fold(in: n).normal([grid.unknownCount]).scalars
            let proposer = NetworkDirection(network: network, grid: grid)
            let meanSquare: Double = r.map { $0 * $0 }.reduce(0, +) / Double(r.count)
            let rms = meanSquare.squareRoot()
            let expected = network.frozen(Variable(Tensor(shape: [1, 1, n, n, n], scalars: r.map { $0 / rms }))).value.scalars
            for (a, b) in zip(proposer.direction(for: r), expected) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b))) }
            for (a, b) in zip(proposer.direction(for: r.map { 1e-3 * $0 }), expected) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b))) }
            // Without the scaling, the same network gives another direction for the smaller input.
            let raw = network.frozen(Variable(Tensor(shape: [1, 1, n, n, n], scalars: r.map { 1e-3 * $0 / rms }))).value.scalars
            func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { $0 * $1 }.reduce(0, +) }
            let cosine: Double = dot(raw, expected) / (dot(raw, raw) * dot(expected, expected)).squareRoot()
            XCTAssertLessThan(cosine, 0.999)
        }
    }

    func testTrainingLowersTheLossAndTheNetworkDrivesAConvergentSolve() throws {
        let grid = try PoissonGrid.box(n: 4)
        var trainer = try DCDMTrainer(network: DCDMNetwork(channels: 4, key: RandomKey(seed: 7)), grid: grid,
                                      optimizer: Adam(learningRate: 3e-3))
        let pairs = try LanczosIteration(steps: 30).ritzPairs(of: trainer.matrix, start: RandomKey(seed: 8).normal([64]).scalars)
        let batch = SpectrumBiasedSampler(ritzPairs: pairs).samples(count: 8, key: RandomKey(seed: 9))
        let before = trainer.loss(on: batch)
        for _ in 0..<40 { trainer.step(on: batch) }
        let after = trainer.loss(on: batch)
        XCTAssertLessThan(after, 0.7 * before, "loss \(before) → \(after)")

        let proposer = NetworkDirection(network: trainer.network, grid: grid)
        let report = try DeepConjugateDirections(tolerances: SolverTolerances(relative: 1e-6, maxIterations: 500))
            .solve(trainer.matrix, rightHandSide: RandomKey(seed: 10).normal([64]).scalars, proposer: proposer)
        XCTAssertEqual(report.reason, .converged)
        XCTAssertLessThanOrEqual(report.relativeResidual, 1.0001e-6)
    }
}
