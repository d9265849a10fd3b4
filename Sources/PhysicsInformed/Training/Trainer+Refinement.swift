import Autodiff
import NeuralNetworks

extension Trainer {
    /// Residual-based adaptive refinement: for each refinable condition, draws candidates and keeps
    /// the points of largest squared residual (summed over residual columns).
    func refine(_ r: ResidualRefinement, round: Int) throws {
        for (i, condition) in problem.conditions.enumerated() where condition.isRefinable {
            let already = refined[i]?.shape[0] ?? 0
            let count = min(r.added, r.maximumAdded - already)
            guard count > 0 else { continue }
            let candidates: PointBatch
            do {
                candidates = try condition.points.withCount(r.candidates).sample(key: key.fold(in: 2_000_003 + i).fold(in: round))
            } catch { throw TrainingError.sampling(condition: condition.name, error) }
            guard candidates.pairCount == nil, candidates.normals == nil, candidates.values == nil else { continue }
            let sample = candidates.count > r.candidates ? candidates.rows(Array(0..<r.candidates)) : candidates
            let scores = pointwiseResidual(condition: i, on: sample)
            let best = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
                .prefix(count).sorted()
            let added = sample.points.gather(rows: Array(best))
            refined[i] = refined[i].map { Tensor.concatenate([$0, added], alongAxis: 0) } ?? added
            batches[i] = batches[i].appending(PointBatch(points: added))
        }
    }

    /// Whether refinement can still add points to some refinable condition.
    func refinementHasRoom(_ r: ResidualRefinement) -> Bool {
        problem.conditions.indices.contains { problem.conditions[$0].isRefinable && (refined[$0]?.shape[0] ?? 0) < r.maximumAdded }
    }

    /// Σ over residual columns of r² at each point of `batch`, for condition `index`.
    func pointwiseResidual(condition index: Int, on batch: PointBatch) -> [Double] {
        // Constant leaves: nothing is recorded for a backward pass.
        var frozen = model
        frozen.parameters = model.parameters.map { Variable($0.value) }
        let fields = Fields(of: { frozen($0) }, at: Variable(batch.points), coordinates: problem.coordinates,
                            derivatives: derivativeNames[index])
        let residuals = problem.conditions[index].residual(
            ConditionContext(fields: fields, batch: batch, parameters: frozen.physicalParameters))
        var scores = [Double](repeating: 0, count: batch.count)
        for r in residuals {
            let values = r.value
            let width = values.count / max(batch.count, 1)
            for p in 0..<batch.count {
                for j in 0..<width { scores[p] += values.scalars[p * width + j] * values.scalars[p * width + j] }
            }
        }
        return scores
    }

    /// Gradient-norm balancing: λᵢ ← α λᵢ + (1 − α) Σⱼ‖∇(wⱼLⱼ)‖ / ‖∇(wᵢLᵢ)‖.
    func updateBalance(_ losses: [Variable], smoothing: Double) {
        let parameters = model.parameters
        let norms: [Double] = losses.enumerated().map { i, l in
            let w = problem.conditions[i].weight
            guard w != 0, l.requiresGradient else { return 0 }
            let g = gradients(of: l, wrt: parameters).map(\.value)
            return w * g.reduce(0) { $0 + ($1 * $1).sum() }.squareRoot()
        }
        let sum = norms.reduce(0, +)
        guard sum > 0, sum.isFinite else { return }
        for i in norms.indices where norms[i] > 0 {
            balance[i] = smoothing * balance[i] + (1 - smoothing) * sum / norms[i]
        }
    }
}
