import Autodiff
import Foundation
import NeuralNetworks

extension Trainer {
    /// The condition index, L₀ conditions and time range of the causal weighting, checked against
    /// the problem.
    static func resolveCausal(_ causal: CausalWeighting?, problem: Problem) throws(TrainingError)
        -> (index: Int, initial: [Int], range: ClosedRange<Double>)? {
        guard let causal else { return nil }
        try causal.check()
        let names = problem.conditions.map(\.name)
        guard let index = names.firstIndex(of: causal.condition) else {
            throw .invalidConfiguration("causal weighting names condition \"\(causal.condition)\", which the problem does not have")
        }
        guard causal.timeAxis >= 0, causal.timeAxis < problem.coordinates.dimension else {
            throw .invalidConfiguration("causal time axis \(causal.timeAxis) is not a coordinate of \"\(String(problem.coordinates.names))\"")
        }
        var initial: [Int] = []
        for name in causal.initialConditions {
            guard let i = names.firstIndex(of: name), i != index else {
                throw .invalidConfiguration("causal weighting lists \"\(name)\" as an initial condition, which the problem does not have")
            }
            initial.append(i)
        }
        var range = causal.timeRange
        if range == nil, case let .interior(source, _, _) = problem.conditions[index].points, let geometry = source as? any Geometry {
            let box = geometry.boundingBox
            if box.upper[causal.timeAxis] > box.lower[causal.timeAxis] {
                range = box.lower[causal.timeAxis]...box.upper[causal.timeAxis]
            }
        }
        guard let range else {
            throw .invalidConfiguration("causal weighting needs a timeRange: the points of \"\(causal.condition)\" do not come from a geometry")
        }
        return (index, initial, range)
    }

    /// The current ε.
    var causalEpsilon: Double {
        guard let c = options.causal else { return 0 }
        return c.epsilons[min(causalLevel, c.epsilons.count - 1)]
    }

    /// (1/M) Σ wᵢ Lᵢ for the causal condition on `batch`, with the weights as constants; records
    /// the slice losses and weights in `lastCausal`.
    func causalLoss(_ model: PINN<Network>, batch: PointBatch, otherLosses: [Variable]) -> Variable {
        guard let causal = options.causal, let (index, initial, range) = causalSetup, batch.count > 0 else { return Variable(0) }
        let m = causal.slices, n = batch.count
        let d = batch.points.shape[1]
        let times = (0..<n).map { batch.points.scalars[$0 * d + causal.timeAxis] }
        let slice = CausalWeights.sliceIndices(times: times, range: range, slices: m)
        var counts = [Int](repeating: 0, count: m)
        for s in slice { counts[s] += 1 }
        // Row i of `averaging` takes the mean over the points of slice i.
        var averaging = [Double](repeating: 0, count: m * n)
        for (p, s) in slice.enumerated() { averaging[s * n + p] = 1 / Double(counts[s]) }
        let average = Variable(Tensor(shape: [m, n], scalars: averaging))

        var sliceLosses: Variable? = nil
        for r in residualColumns(model, condition: index, on: batch) {
            let squared = r.squared().reshaped(to: [n, r.value.count / n])
            let perSlice = matmul(average, squared).sum(alongAxes: [1]).reshaped(to: [m, 1])
            sliceLosses = sliceLosses.map { $0 + perSlice } ?? perSlice
        }
        guard let sliceLosses else { return Variable(0) }
        let l0 = initial.reduce(0.0) { $0 + problem.conditions[$1].weight * otherLosses[$1].scalar }
        let weights = CausalWeights.weights(sliceLosses: sliceLosses.value.scalars, initialLoss: l0, epsilon: causalEpsilon)
        lastCausal = CausalRecord(epsilon: causalEpsilon, minimumWeight: weights.min() ?? 1,
                                  sliceLosses: sliceLosses.value.scalars)
        let scaled = Tensor(shape: [1, m], scalars: weights.map { $0 / Double(m) })
        return matmul(Variable(scaled), sliceLosses).sum()
    }

    /// After an Adam step: moves to the next ε when min wᵢ > δ (at a check) or the level's step
    /// budget is spent; returns true when the last level has converged and training should stop.
    func advanceCausalLevel() -> Bool {
        guard let causal = options.causal, let state = lastCausal else { return false }
        let atCheck = adamSteps % causal.checkEvery == 0
        let converged = atCheck && state.minimumWeight > causal.threshold
        let exhausted = causal.stepsPerLevel.map { adamSteps - causalLevelStart >= $0 } ?? false
        guard converged || exhausted else { return false }
        if causalLevel + 1 < causal.epsilons.count {
            causalLevel += 1
            causalLevelStart = adamSteps
            options.log("causal: " + (converged ? String(format: "min w %.4f > δ", state.minimumWeight) : "level budget spent")
                        + String(format: ", ε → %g", causalEpsilon))
            return false
        }
        if converged && causal.stopsWhenConverged {
            options.log(String(format: "causal: min w %.4f > δ at the last ε %g; stopping", state.minimumWeight, causalEpsilon))
            causalLevel = causal.epsilons.count
            return true
        }
        return false
    }
}
