import Foundation
import XCTest
import Autodiff
import NeuralNetworks

final class CheckpointTests: XCTestCase {
    var url: URL!
    override func setUp() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pdekit-ckpt-\(UUID())").appendingPathComponent("model.ckpt")
    }
    override func tearDown() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

    func makeCheckpoint() -> (MLP, Adam, Checkpoint) {
        let net = MLP(sizes: [2, 5, 1], key: RandomKey(seed: 1))
        var adam = Adam(learningRate: 1e-2)
        var p = net.parameterTensors
        adam.update(&p, gradients: p.map { $0 * 0.5 })
        var checkpoint = Checkpoint()
        checkpoint.set(net.parameterEntries())
        checkpoint.set(adam.state)
        checkpoint.metadata["step"] = "1"
        return (net, adam, checkpoint)
    }

    func testRoundTripRestoresModelAndOptimiserBitwise() throws {
        let (net, adam, checkpoint) = makeCheckpoint()
        try checkpoint.write(to: url)
        let loaded = try Checkpoint(contentsOf: url)
        var other = MLP(sizes: [2, 5, 1], key: RandomKey(seed: 2))
        try other.loadParameters(from: loaded)
        XCTAssertEqual(other.parameterTensors, net.parameterTensors)
        var restored = Adam(learningRate: 1e-2)
        try restored.restore(loaded.entries(withPrefix: "adam."), for: net.parameterTensors)
        XCTAssertEqual(restored.step, adam.step)
        XCTAssertEqual(restored.secondMoments, adam.secondMoments)
        XCTAssertEqual(loaded.metadata["step"], "1")
        // No temporary files are left next to the checkpoint.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["model.ckpt"])
    }

    func testTruncatedAndCorruptedFilesAreReported() throws {
        let data = makeCheckpoint().2.encoded()
        for cut in [4, 20, data.count / 2, data.count - 1] {
            XCTAssertThrowsError(try Checkpoint(data: data.prefix(cut), path: "x.ckpt")) { error in
                let e = error as? CheckpointError
                XCTAssert(e == .truncated(path: "x.ckpt") || e == .notACheckpoint(path: "x.ckpt"), "cut \(cut): \(error)")
            }
        }
        var flipped = data
        flipped[data.count / 2] ^= 0x10
        XCTAssertThrowsError(try Checkpoint(data: flipped, path: "x.ckpt")) { error in
            XCTAssertEqual(error as? CheckpointError, .checksumMismatch(path: "x.ckpt"))
            XCTAssertEqual("\(error)", "x.ckpt: checkpoint is corrupted (checksum mismatch)")
        }
        var version = data
        version[8] = 9
        XCTAssertThrowsError(try Checkpoint(data: version, path: "x.ckpt")) { error in
            XCTAssertEqual(error as? CheckpointError, .unsupportedVersion(path: "x.ckpt", version: 9))
        }
        XCTAssertThrowsError(try Checkpoint(contentsOf: url)) { error in
            guard case CheckpointError.unreadable = error else { return XCTFail("\(error)") }
        }
    }

    func testShapeMismatchIsAClearError() throws {
        let checkpoint = makeCheckpoint().2
        var wider = MLP(sizes: [2, 6, 1], key: RandomKey(seed: 1))
        XCTAssertThrowsError(try wider.loadParameters(from: checkpoint)) { error in
            XCTAssertEqual(error as? CheckpointError, .shapeMismatch(name: "parameters.0", expected: [2, 6], found: [2, 5]))
        }
        var adam = Adam()
        XCTAssertThrowsError(try adam.restore(checkpoint.entries(withPrefix: "adam."), for: wider.parameterTensors)) { error in
            XCTAssertEqual(error as? CheckpointError, .shapeMismatch(name: "adam.m.0", expected: [2, 6], found: [2, 5]))
        }
        var deeper = MLP(sizes: [2, 5, 5, 1], key: RandomKey(seed: 1))
        XCTAssertThrowsError(try deeper.loadParameters(from: checkpoint)) { error in
            XCTAssertEqual(error as? CheckpointError, .countMismatch(expected: 6, found: 4))
        }
    }

    /// The state of an optimiser that has not stepped yet restores, and the restored optimiser then
    /// takes the same steps as a fresh one.
    func testUnsteppedAdamStateRestores() throws {
        let net = MLP(sizes: [2, 5, 1], key: RandomKey(seed: 1))
        var restored = Adam(learningRate: 1e-2)
        var other = [Tensor([1.0])]
        restored.update(&other, gradients: [Tensor([1.0])])   // some earlier state to overwrite
        try restored.restore(Adam(learningRate: 1e-2).state, for: net.parameterTensors)
        XCTAssertEqual(restored.step, 0)
        var fresh = Adam(learningRate: 1e-2)
        var a = net.parameterTensors, b = net.parameterTensors
        fresh.update(&a, gradients: a.map { $0 * 0.3 })
        restored.update(&b, gradients: b.map { $0 * 0.3 })
        XCTAssertEqual(a, b)
    }
}
