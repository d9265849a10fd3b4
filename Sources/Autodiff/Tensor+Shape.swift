extension Tensor {
    /// The same elements with a new shape of equal element count.
    public func reshaped(to newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Broadcasts to `target` by repeating along dimensions of extent 1 (NumPy rules).
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Broadcasting.shape(shape, target) == target, "Cannot broadcast \(shape) to \(target)")
        let rank = target.count
        let inner = target[rank - 1]
        let rows = inner == 0 ? 0 : target.reduce(1, *) / inner
        let strides = Broadcasting.strides(of: shape, broadcastTo: target)
        let innerStride = strides[rank - 1]
        return scalars.withUnsafeBufferPointer { src in
            Tensor(shape: target) { dst in
                for row in 0..<rows {
                    var rem = row, offset = 0, dim = rank - 2
                    while dim >= 0 {
                        offset += (rem % target[dim]) * strides[dim]
                        rem /= target[dim]
                        dim -= 1
                    }
                    let out = dst.baseAddress! + row * inner
                    if innerStride == 0 {
                        out.initialize(repeating: src[offset], count: inner)
                    } else {
                        out.update(from: src.baseAddress! + offset, count: inner)
                    }
                }
            }
        }
    }

    /// Permutes dimensions: result dimension `i` is input dimension `permutation[i]`.
    public func transposed(_ permutation: [Int]) -> Tensor {
        precondition(permutation.sorted() == Array(0..<rank), "Invalid permutation \(permutation)")
        let outShape = permutation.map { shape[$0] }
        if rank == 2 && permutation == [1, 0] {
            let (rows, cols) = (shape[0], shape[1])
            return scalars.withUnsafeBufferPointer { src in
                Tensor(shape: outShape) { dst in
                    let block = 32
                    for i0 in stride(from: 0, to: rows, by: block) {
                        for j0 in stride(from: 0, to: cols, by: block) {
                            for i in i0..<min(i0 + block, rows) {
                                for j in j0..<min(j0 + block, cols) { dst[j * rows + i] = src[i * cols + j] }
                            }
                        }
                    }
                }
            }
        }
        let inStrides = Broadcasting.contiguousStrides(shape)
        let strides = permutation.map { inStrides[$0] }
        return scalars.withUnsafeBufferPointer { src in
            Tensor(shape: outShape) { dst in
                var index = [Int](repeating: 0, count: rank)
                var offset = 0
                for flat in 0..<dst.count {
                    dst[flat] = src[offset]
                    var d = rank - 1
                    while d >= 0 {
                        index[d] += 1
                        offset += strides[d]
                        if index[d] < outShape[d] { break }
                        offset -= strides[d] * outShape[d]
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }

    /// The transpose of a matrix.
    public var transposed: Tensor {
        precondition(rank == 2, "transposed needs a matrix, got shape \(shape)")
        return transposed([1, 0])
    }

    /// Elements `range` along `axis`.
    public func slice(_ range: Range<Int>, alongAxis axis: Int) -> Tensor {
        let axis = axis < 0 ? axis + rank : axis
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "Slice \(range) out of bounds for \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var outShape = shape
        outShape[axis] = range.count
        let chunk = range.count * inner
        return scalars.withUnsafeBufferPointer { src in
            Tensor(shape: outShape) { dst in
                for o in 0..<outer {
                    let from = src.baseAddress! + (o * shape[axis] + range.lowerBound) * inner
                    (dst.baseAddress! + o * chunk).update(from: from, count: chunk)
                }
            }
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concatenate(_ parts: [Tensor], alongAxis axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate needs at least one tensor")
        let rank = parts[0].rank
        let axis = axis < 0 ? axis + rank : axis
        var outShape = parts[0].shape
        outShape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        for p in parts {
            var s = p.shape
            s[axis] = outShape[axis]
            precondition(s == outShape, "Cannot concatenate shapes \(parts.map(\.shape)) along axis \(axis)")
        }
        let outer = outShape[..<axis].reduce(1, *)
        let inner = outShape[(axis + 1)...].reduce(1, *)
        let chunks = parts.map { $0.shape[axis] * inner }
        return withBasePointers(of: parts[...]) { sources in
            Tensor(shape: outShape) { dst in
                var cursor = dst.baseAddress!
                for o in 0..<outer {
                    for (source, chunk) in Swift.zip(sources, chunks) {
                        if chunk == 1 {
                            cursor.pointee = source[o]   // narrow columns (a jet's features): no call per element
                        } else {
                            cursor.update(from: source + o * chunk, count: chunk)
                        }
                        cursor += chunk
                    }
                }
            }
        }
    }

    /// Calls `body` with the storage addresses of all `tensors`, valid for the duration of the call.
    private static func withBasePointers<R>(of tensors: ArraySlice<Tensor>, _ collected: [UnsafePointer<Double>] = [],
                                           _ body: ([UnsafePointer<Double>]) -> R) -> R {
        guard let first = tensors.first else { return body(collected) }
        return first.scalars.withUnsafeBufferPointer { buffer in
            withBasePointers(of: tensors.dropFirst(), collected + [buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!], body)
        }
    }

    /// Rows `indices` of the leading axis (`result[i] = self[indices[i]]`).
    public func gather(rows indices: [Int]) -> Tensor {
        let inner = shape.dropFirst().reduce(1, *)
        var outShape = shape
        outShape[0] = indices.count
        return scalars.withUnsafeBufferPointer { src in
            Tensor(shape: outShape) { dst in
                for (i, r) in indices.enumerated() {
                    precondition(r >= 0 && r < shape[0], "Gather index \(r) out of range 0..<\(shape[0])")
                    (dst.baseAddress! + i * inner).update(from: src.baseAddress! + r * inner, count: inner)
                }
            }
        }
    }

    /// Adds row `i` of `self` into row `indices[i]` of a zero tensor with `rowCount` rows.
    public func scatterAdd(rows indices: [Int], rowCount: Int) -> Tensor {
        precondition(indices.count == shape[0], "scatterAdd needs one index per row")
        let inner = shape.dropFirst().reduce(1, *)
        var outShape = shape
        outShape[0] = rowCount
        var out = Tensor.zeros(outShape)
        scalars.withUnsafeBufferPointer { src in
            out.scalars.withUnsafeMutableBufferPointer { dst in
                for (i, r) in indices.enumerated() {
                    precondition(r >= 0 && r < rowCount, "Scatter index \(r) out of range 0..<\(rowCount)")
                    for j in 0..<inner { dst[r * inner + j] += src[i * inner + j] }
                }
            }
        }
        return out
    }
}
