/// Reverse-mode differentiation: one topological sort, then one reverse sweep.

/// Gradients of `output` with respect to each of `inputs`.
///
/// - Parameters:
///   - output: the variable to differentiate; a one-element value unless `cotangent` is given.
///   - inputs: the variables to differentiate with respect to (usually leaves).
///   - cotangent: the seed `∂L/∂output` for a vector-Jacobian product; defaults to ones.
///   - createGraph: when `true`, the backward pass is itself recorded, so the returned gradients can be
///     differentiated again (second and higher derivatives). When `false`, nothing is recorded and the
///     returned variables are constants.
/// - Returns: one gradient per input, with the input's shape (zeros where `output` does not depend on it).
public func gradients(of output: Variable, wrt inputs: [Variable], cotangent: Tensor? = nil,
                      createGraph: Bool = false) -> [Variable] {
    let seed = cotangent ?? {
        precondition(output.value.count == 1,
                     "gradients(of:) needs a scalar output or a cotangent, got shape \(output.shape)")
        return Tensor.ones(output.shape)
    }()
    precondition(seed.shape == output.shape, "Cotangent shape \(seed.shape) differs from output \(output.shape)")
    let order = topologicalOrder(from: output)
    let wanted = Set(inputs.map { ObjectIdentifier($0) })
    // Only nodes that depend on a wanted input need a cotangent.
    var relevant = Set<ObjectIdentifier>()
    for node in order where wanted.contains(ObjectIdentifier(node))
        || node.inputs.contains(where: { relevant.contains(ObjectIdentifier($0)) }) {
        relevant.insert(ObjectIdentifier(node))
    }
    var grads: [ObjectIdentifier: Variable] = [ObjectIdentifier(output): Variable(seed)]

    for node in order.reversed() {
        let id = ObjectIdentifier(node)
        guard relevant.contains(id), let g = grads[id], let operation = node.operation else { continue }
        if !wanted.contains(id) { grads[id] = nil }   // free intermediate gradients early
        let inputsForRule = createGraph ? node.inputs : node.inputs.map(\.detached)
        let outputForRule = createGraph ? node : node.detached
        let needed = node.inputs.map { $0.requiresGradient && relevant.contains(ObjectIdentifier($0)) }
        let cotangents = operation.pullback(createGraph ? g : g.detached, inputs: inputsForRule, output: outputForRule, needed: needed)
        precondition(cotangents.count == node.inputs.count,
                     "Pullback of \(operation.name) returned \(cotangents.count) cotangents for \(node.inputs.count) inputs")
        for (input, cotangent) in zip(node.inputs, cotangents) {
            guard input.requiresGradient, relevant.contains(ObjectIdentifier(input)), let cotangent else { continue }
            precondition(cotangent.shape == input.shape,
                         "Pullback of \(operation.name) returned shape \(cotangent.shape) for input \(input.shape)")
            let key = ObjectIdentifier(input)
            guard grads[key] != nil else { grads[key] = cotangent; continue }
            if createGraph {
                grads[key] = grads[key]! + cotangent
            } else {
                // Take the running sum out, so that its storage is updated in place when not shared.
                var total = grads.removeValue(forKey: key)!.value
                total.add(cotangent.value)
                grads[key] = Variable(total)
            }
        }
    }
    return inputs.map { grads[ObjectIdentifier($0)] ?? Variable(Tensor.zeros($0.shape)) }
}

/// The nodes reachable from `output` that require gradients, inputs before the nodes that use them.
func topologicalOrder(from output: Variable) -> [Variable] {
    var order: [Variable] = []
    var visited = Set<ObjectIdentifier>()
    guard output.requiresGradient else { return [] }
    // Iterative post-order depth-first search (graphs can be thousands of nodes deep).
    var stack: [(node: Variable, next: Int)] = [(output, 0)]
    visited.insert(ObjectIdentifier(output))
    while !stack.isEmpty {
        let (node, next) = stack[stack.count - 1]
        if next < node.inputs.count {
            stack[stack.count - 1].next += 1
            let child = node.inputs[next]
            if child.requiresGradient && visited.insert(ObjectIdentifier(child)).inserted {
                stack.append((child, 0))
            }
        } else {
            order.append(node)
            stack.removeLast()
        }
    }
    return order
}

/// The value of `f` at `points` and its gradient with respect to each point.
///
/// ```swift
/// let (value, grads) = valueAndGradients(at: [w, b]) { p in (matmul(x, p[0]) + p[1]).squared().mean() }
/// ```
public func valueAndGradients(at points: [Tensor], of f: ([Variable]) -> Variable) -> (value: Tensor, gradients: [Tensor]) {
    let variables = points.map { Variable.parameter($0) }
    let y = f(variables)
    return (y.value, gradients(of: y, wrt: variables).map(\.value))
}

/// The vector-Jacobian product `vᵀ J` of `f` at `points`.
public func vectorJacobianProduct(at points: [Tensor], cotangent v: Tensor,
                                  of f: ([Variable]) -> Variable) -> (value: Tensor, products: [Tensor]) {
    let variables = points.map { Variable.parameter($0) }
    let y = f(variables)
    return (y.value, gradients(of: y, wrt: variables, cotangent: v).map(\.value))
}
