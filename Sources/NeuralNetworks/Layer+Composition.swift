import Autodiff

extension Array where Element == any Layer {
    /// Hands `parameters` out to the layers in order, each taking as many as it holds.
    ///
    /// - Precondition: the count matches the layers' total (`owner` names the container in the message).
    mutating func distribute(_ parameters: [Variable], owner: String) {
        var offset = 0
        for i in indices {
            let n = self[i].parameters.count
            self[i].parameters = Array<Variable>(parameters[offset..<(offset + n)])
            offset += n
        }
        precondition(offset == parameters.count, "\(owner) expects \(offset) parameters, got \(parameters.count)")
    }
}
