/// The product rule on stacked jets as one primitive.
///
/// Leibniz's rule `(ab)⁽ᵏ⁾ = Σᵢ C(k, i) a⁽ⁱ⁾ b⁽ᵏ⁻ⁱ⁾` is bilinear in the components of `a` and `b`:
/// every output component is a sum of terms `c · left[l] ⊙ right[r]` over rows of the two stacks
/// `[K, n, w]`. `StackedBilinear` evaluates such a term list in one pass over the data, and its
/// pullbacks are term lists of the same kind (with the roles of output and input rows swapped), so
/// derivatives of any order stay within this one primitive. Built from slices, products and sums,
/// the same product costs a dozen graph nodes and, in the backward pass, a zero-padded full-size
/// cotangent for every slice.
struct StackedBilinear: DifferentiableOperation {
    /// `output[row] += coefficient · left[leftRow] ⊙ right[rightRow]`.
    struct Term: Sendable, Hashable {
        let output: Int
        let left: Int
        let right: Int
        let coefficient: Double
    }

    /// The terms, in the order they are added for each output row.
    let terms: [Term]
    /// The number of output rows `K`.
    let outputRows: Int
    /// Whether a third input of the output's shape is added to the sum (`a · b + c` in one pass).
    var addsThirdInput = false

    var name: String { "jet-product" }

    /// The Leibniz terms of `a · b` for jets with `orders` (row 0 the value, then each direction's
    /// orders `1…o` in turn), in the order of increasing `i` within each derivative.
    static func leibniz(orders: [Int], adding: Bool = false) -> StackedBilinear {
        var terms = [Term(output: 0, left: 0, right: 0, coefficient: 1)]
        var offset = 1
        for order in orders {
            func row(_ i: Int) -> Int { i == 0 ? 0 : offset + i - 1 }
            if order >= 1 {
                for k in 1...order {
                    for i in 0...k {
                        terms.append(Term(output: row(k), left: row(i), right: row(k - i), coefficient: Double(binomial(k, i))))
                    }
                }
            }
            offset += order
        }
        return StackedBilinear(terms: terms, outputRows: offset, addsThirdInput: adding)
    }

    func forward(_ x: [Tensor]) -> Tensor {
        let left = x[0], right = x[1]
        precondition(left.rank == 3 && right.rank == 3 && left.shape[1...] == right.shape[1...],
                     "jet product needs stacks [K, n, w] of equal n and w, got \(left.shape) and \(right.shape)")
        let m = left.shape[1] * left.shape[2]
        let addend = addsThirdInput ? x[2] : nil
        if let addend {
            precondition(addend.shape == [outputRows, left.shape[1], left.shape[2]],
                         "jet product: the added stack has shape \(addend.shape), the product [\(outputRows), \(left.shape[1]), \(left.shape[2])]")
        }
        // Terms grouped by output row, each row's terms in their given order.
        var byRow = [[Term]](repeating: [], count: outputRows)
        for t in terms { byRow[t.output].append(t) }
        return left.scalars.withUnsafeBufferPointer { pl in
          right.scalars.withUnsafeBufferPointer { pr in
            (addend?.scalars ?? []).withUnsafeBufferPointer { pc in
                Tensor(shape: [outputRows, left.shape[1], left.shape[2]]) { out in
                    let l = UncheckedSendable(pl.baseAddress!), r = UncheckedSendable(pr.baseAddress!)
                    let o = UncheckedSendable(out.baseAddress!), c = UncheckedSendable(addend == nil ? nil : pc.baseAddress)
                    parallelChunks(count: m, grain: 1 << 12) { chunk in
                        // Blocks of 256 elements keep every row's block in L1 across the terms.
                        var start = chunk.lowerBound
                        while start < chunk.upperBound {
                            let range = start..<min(start + 256, chunk.upperBound)
                            for row in 0..<outputRows {
                                let dst = o.value + row * m
                                let rowTerms = byRow[row]
                                guard let first = rowTerms.first else {
                                    if let add = c.value {
                                        for e in range { dst[e] = add[row * m + e] }
                                    } else {
                                        for e in range { dst[e] = 0 }
                                    }
                                    continue
                                }
                                StackedBilinear.assign(first, into: dst, left: l.value, right: r.value, m: m, range: range)
                                for t in rowTerms.dropFirst() {
                                    StackedBilinear.accumulate(t, into: dst, left: l.value, right: r.value, m: m, range: range)
                                }
                                if let add = c.value {
                                    let src = add + row * m
                                    for e in range { dst[e] = src[e] + dst[e] }
                                }
                            }
                            start = range.upperBound
                        }
                    }
                }
            }
          }
        }
    }

    /// `dst = c · left[l] ⊙ right[r]` on `range` (the product alone when `c` is 1).
    @inline(__always)
    static func assign(_ t: Term, into dst: UnsafeMutablePointer<Double>, left: UnsafePointer<Double>,
                       right: UnsafePointer<Double>, m: Int, range: Range<Int>) {
        let a = left + t.left * m, b = right + t.right * m, c = t.coefficient
        if c == 1 {
            for e in range { dst[e] = a[e] * b[e] }
        } else {
            for e in range { dst[e] = a[e] * b[e] * c }
        }
    }

    /// `dst += c · left[l] ⊙ right[r]` on `range`.
    @inline(__always)
    static func accumulate(_ t: Term, into dst: UnsafeMutablePointer<Double>, left: UnsafePointer<Double>,
                           right: UnsafePointer<Double>, m: Int, range: Range<Int>) {
        let a = left + t.left * m, b = right + t.right * m, c = t.coefficient
        if c == 1 {
            for e in range { dst[e] += a[e] * b[e] }
        } else {
            for e in range { dst[e] += a[e] * b[e] * c }
        }
    }

    /// `∂/∂left ⟨g, Σ c left[l] ⊙ right[r]⟩ = Σ c g[o] ⊙ right[r]` into row `l`, and likewise for `right`.
    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        let leftTerms = terms.map { Term(output: $0.left, left: $0.output, right: $0.right, coefficient: $0.coefficient) }
        let rightTerms = terms.map { Term(output: $0.right, left: $0.output, right: $0.left, coefficient: $0.coefficient) }
        return [
            Variable.apply(StackedBilinear(terms: leftTerms, outputRows: x[0].shape[0]), to: [g, x[1]]),
            Variable.apply(StackedBilinear(terms: rightTerms, outputRows: x[1].shape[0]), to: [g, x[0]]),
        ] + (addsThirdInput ? [g] : [])
    }
}
