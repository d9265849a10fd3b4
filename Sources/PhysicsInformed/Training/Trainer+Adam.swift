import Autodiff
import Foundation
import NeuralNetworks

extension Trainer {
    /// Runs the rest of an Adam stage: resampling, refinement and balancing at their steps, then
    /// one update per step on the (mini-)batch.
    func runAdam(steps: Int, schedule: LearningRateSchedule) throws -> StageOutcome {
        if adam == nil { adam = Adam(schedule: schedule) }
        var parameters = model.parameterTensors
        var lastGood = parameters          // the parameters of the last finite loss
        while stepInStage < steps {
            if budgetExhausted { return .stopped(.wallClockBudget) }
            if let causal = options.causal, causalLevel >= causal.epsilons.count { return .stopped(.causalConverged) }
            if let every = options.resampleEvery, adamSteps > 0, adamSteps % every == 0 { try sampleAll() }
            if let r = options.refinement, adamSteps > 0, adamSteps % r.every == 0 { try refine(r, round: adamSteps) }

            let losses = conditionLosses(model, on: miniBatches(at: adamSteps))
            if case let .gradientNormBalancing(every, smoothing) = options.weighting, adamSteps % every == 0 {
                updateBalance(losses, smoothing: smoothing)
            }
            let loss = total(losses)
            guard loss.scalar.isFinite else {
                model.setParameterTensors(lastGood)
                throw try diverged(loss: loss.scalar, stage: "adam")
            }
            lastGood = parameters
            let g = gradients(of: loss, wrt: model.parameters).map(\.value)
            adam!.update(&parameters, gradients: g)
            guard parameters.allSatisfy(\.isFinite) else {
                model.setParameterTensors(lastGood)
                throw try diverged(loss: .nan, stage: "adam")
            }
            model.setParameterTensors(parameters)
            step += 1
            stepInStage += 1
            adamSteps += 1
            record(stage: "adam", loss: loss.scalar, terms: losses.map(\.scalar))
            let causalDone = advanceCausalLevel()
            if let every = options.checkpointEvery, step % every == 0 { try writeOutputs() }
            if !callbackAllowsContinuing(history[history.count - 1]) { return .stopped(.callback) }
            if causalDone {
                try writeOutputs()
                return .stopped(.causalConverged)
            }
        }
        return .finished
    }

    /// Keeps the current (last good) parameters, writes them, and builds the error to throw.
    func diverged(loss: Double, stage: String) throws -> TrainingError {
        var written: URL? = nil
        if let folder = options.output {
            try writeOutputs()
            written = folder.appendingPathComponent(Self.checkpointName)
        }
        return .diverged(step: step + 1, stage: stage, loss: loss, checkpoint: written)
    }
}
