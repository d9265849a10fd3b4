import ArgumentParser
import Foundation
import PDEKit

/// Times the fused tanh kernel of a jet (forward, then forward + backward) in isolation.
struct JetTanhKernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jet-tanh", abstract: "Times tanh of a stacked jet [K, n, w], forward and backward.")

    @Option(help: "Orders per direction, comma-separated.") var orders: String = "2,1"
    @Option(help: "Points.") var points: Int = 10_000
    @Option(help: "Width.") var width: Int = 20
    @Option(help: "Timed repetitions.") var repeats: Int = 20

    func run() throws {
        let ords = orders.split(separator: ",").compactMap { Int($0) }
        let k = 1 + ords.reduce(0, +)
        let z = RandomKey(seed: 1).uniform([k, points, width], low: -2, high: 2)
        func median(_ body: () -> Void) -> Double { medianMilliseconds(repeats: repeats, body) }
        let forward = median { _ = Jet(stacked: Variable(z), orders: ords).tanh() }
        let both = median {
            let v = Variable.parameter(z)
            let y = Jet(stacked: v, orders: ords).tanh()
            _ = gradients(of: y.stacked.sum(), wrt: [v])
        }
        let plain = median { _ = z.map { Foundation.tanh($0) } }
        print("{\"kernel\": \"jet-tanh\", \"elements\": \(z.count), \"forward_ms\": \(forward), \"forward_backward_ms\": \(both), \"plain_tanh_ms\": \(plain)}")
    }
}
