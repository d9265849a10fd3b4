import Autodiff

/// Flattening of parameter lists into one vector, for full-batch optimisers such as L-BFGS.
public enum ParameterVector {
    /// Concatenates the elements of `tensors` in order.
    public static func flatten(_ tensors: [Tensor]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(tensors.reduce(0) { $0 + $1.count })
        for t in tensors { out.append(contentsOf: t.scalars) }
        return out
    }

    /// Splits `vector` into tensors shaped like `template`.
    public static func unflatten(_ vector: [Double], like template: [Tensor]) -> [Tensor] {
        var offset = 0
        let result = template.map { t -> Tensor in
            defer { offset += t.count }
            return Tensor(shape: t.shape, scalars: Array(vector[offset..<(offset + t.count)]))
        }
        precondition(offset == vector.count, "Vector has \(vector.count) elements, template \(offset)")
        return result
    }
}
