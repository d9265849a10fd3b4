import Autodiff
import Foundation
import NeuralNetworks

extension Trainer {
    /// The checkpoint file in the output folder: the model plus the trainer's state.
    public static var checkpointName: String { "model.ckpt" }

    /// Writes `model.ckpt` (model and training state) and `loss.csv` to the output folder, atomically.
    func writeOutputs() throws {
        guard let folder = options.output else { return }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try stateCheckpoint().write(to: folder.appendingPathComponent(Self.checkpointName))
            let csv = LossTable.csv(history, terms: conditionNames, parameters: model.physicalParameters.names,
                                    slices: options.causal?.slices)
            try Data(csv.utf8).write(to: folder.appendingPathComponent("loss.csv"), options: .atomic)
        } catch {
            throw TrainingError.output("cannot write to \(folder.path): \(error)")
        }
    }

    /// The model and everything needed to continue training bit for bit.
    func stateCheckpoint() -> Checkpoint {
        var c = model.checkpoint(metadata: [
            "format": "pdekit-trainer",
            "step": String(step), "stage_index": String(stageIndex), "step_in_stage": String(stepInStage),
            "adam_steps": String(adamSteps), "seconds": String(seconds),
            "conditions": conditionNames.joined(separator: ","),
            "lbfgs_stop_reasons": lbfgsStopReasons.joined(separator: ","),
            "causal_level": String(causalLevel), "causal_level_start": String(causalLevelStart),
        ])
        if let adam { for (name, t) in adam.state { c.set("trainer.\(name)", t) } }
        c.set("trainer.balance", Tensor(balance))
        for (i, points) in refined.enumerated() { if let points { c.set("trainer.refined.\(i)", points) } }
        c.set("trainer.history", historyTensor())
        return c
    }

    /// Restores the model and training state from a checkpoint written by ``writeOutputs()``.
    func restore(from url: URL) throws {
        let c: Checkpoint
        do { c = try Checkpoint(contentsOf: url) } catch { throw TrainingError.checkpoint("cannot resume from \(url.path): \(error)") }
        guard c.metadata["format"] == "pdekit-trainer",
              let step = c.metadata["step"].flatMap(Int.init), let stageIndex = c.metadata["stage_index"].flatMap(Int.init),
              let stepInStage = c.metadata["step_in_stage"].flatMap(Int.init),
              let adamSteps = c.metadata["adam_steps"].flatMap(Int.init), let seconds = c.metadata["seconds"].flatMap(Double.init)
        else { throw TrainingError.checkpoint("\(url.path) is not a training checkpoint (no trainer state)") }
        guard c.metadata["conditions"] == conditionNames.joined(separator: ",") else {
            throw TrainingError.checkpoint("\(url.path) was written for conditions [\(c.metadata["conditions"] ?? "")], "
                                           + "not [\(conditionNames.joined(separator: ","))]")
        }
        guard stageIndex <= options.stages.count else {
            throw TrainingError.checkpoint("\(url.path) is at stage \(stageIndex + 1) but only \(options.stages.count) stages are configured")
        }
        do {
            try model.load(from: c)
            if stageIndex < options.stages.count, case let .adam(_, schedule) = options.stages[stageIndex],
               c["trainer.adam.step"] != nil {
                var state: [String: Tensor] = [:]
                for (name, t) in c.entries(withPrefix: "trainer.adam.") { state[String(name.dropFirst("trainer.".count))] = t }
                var restored = Adam(schedule: schedule)
                try restored.restore(state, for: model.parameterTensors)
                adam = restored
            }
            let b = try c.tensor("trainer.balance")
            guard b.count == balance.count else { throw TrainingError.checkpoint("loss weights do not match the conditions") }
            balance = b.scalars
            for i in refined.indices { refined[i] = c["trainer.refined.\(i)"] }
            history = try records(from: c.tensor("trainer.history"))
        } catch let error as TrainingError { throw error } catch {
            throw TrainingError.checkpoint("cannot resume from \(url.path): \(error)")
        }
        self.step = step
        self.stageIndex = stageIndex
        self.stepInStage = stepInStage
        self.adamSteps = adamSteps
        self.elapsedBefore = seconds
        self.causalLevel = c.metadata["causal_level"].flatMap(Int.init) ?? 0
        self.causalLevelStart = c.metadata["causal_level_start"].flatMap(Int.init) ?? 0
        self.lastCausal = history.last?.causal
        self.lbfgsStopReasons = (c.metadata["lbfgs_stop_reasons"] ?? "").split(separator: ",").map(String.init)
        self.lastValidation = history.last(where: { $0.validationError != nil })?.validationError
    }

    /// The causal columns of a history row: ε, min wᵢ and the M slice losses (none without causal weighting).
    var causalColumns: Int { options.causal.map { 2 + $0.slices } ?? 0 }

    /// History rows as `[rows, 5 + terms + parameters (+ causal)]`: step, stage (0 Adam, 1 L-BFGS),
    /// loss, terms, validation error (NaN when not computed), physical parameters, seconds, then
    /// ε, min wᵢ and the slice losses under causal weighting (NaN where not recorded).
    func historyTensor() -> Tensor {
        let base = 5 + problem.conditions.count + model.physicalParameters.count
        let width = base + causalColumns
        var scalars: [Double] = []
        scalars.reserveCapacity(history.count * width)
        for r in history {
            scalars += [Double(r.step), r.stage == "adam" ? 0 : 1, r.loss] + r.terms
            scalars.append(r.validationError ?? .nan)
            scalars += r.physicalParameters
            scalars.append(r.seconds)
            if causalColumns > 0 {
                if let c = r.causal, c.sliceLosses.count == causalColumns - 2 {
                    scalars += [c.epsilon, c.minimumWeight] + c.sliceLosses
                } else {
                    scalars += Array(repeating: .nan, count: causalColumns)
                }
            }
        }
        return Tensor(shape: [history.count, width], scalars: scalars)
    }

    func records(from t: Tensor) throws -> [TrainingRecord] {
        let terms = problem.conditions.count, physical = model.physicalParameters.count
        let base = 5 + terms + physical
        let width = base + causalColumns
        guard t.rank == 2, t.shape[1] == width || t.shape[0] == 0 else {
            throw TrainingError.checkpoint("the saved history has \(t.shape) columns, expected \(width)")
        }
        return (0..<t.shape[0]).map { i in
            let row = Array(t.scalars[(i * width)..<((i + 1) * width)])
            return TrainingRecord(step: Int(row[0]), stage: row[1] == 0 ? "adam" : "lbfgs", loss: row[2],
                                  terms: Array(row[3..<(3 + terms)]),
                                  validationError: row[3 + terms].isNaN ? nil : row[3 + terms],
                                  physicalParameters: Array(row[(4 + terms)..<(4 + terms + physical)]),
                                  seconds: row[base - 1],
                                  causal: causalColumns == 0 || row[base].isNaN ? nil
                                      : CausalRecord(epsilon: row[base], minimumWeight: row[base + 1],
                                                     sliceLosses: Array(row[(base + 2)...])))
        }
    }
}
