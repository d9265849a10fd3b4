import Foundation
import SparseLinearAlgebra

/// The CSR pattern of a matrix assembled on a function space: dof `i` couples with dof `j` when
/// their nodes share a cell (all components couple).
///
/// Built from the node → cells incidence: each node's neighbours are the nodes of its incident
/// cells, deduplicated by a marker array and sorted. Two passes (count, then fill) over node ranges
/// that run on separate threads; the result does not depend on the thread count.
struct SparsityPattern: Sendable {
    let rowPointers: [Int32]
    let columnIndices: [Int32]

    init(space: FunctionSpace, threadCount: Int = SparseParallelism.defaultThreadCount) {
        let n = space.element.localCount
        let cellCount = space.mesh.cellCount
        let nodeCount = space.nodeCount
        let components = space.components
        // Node → cells incidence, in CSR form.
        var start = [Int32](repeating: 0, count: nodeCount + 1)
        var incident = [Int32](repeating: 0, count: cellCount * n)
        space.cellNodes.withUnsafeBufferPointer { cellNodes in
            start.withUnsafeMutableBufferPointer { start in
                for node in cellNodes { start[Int(node) + 1] += 1 }
                for i in 0..<nodeCount { start[i + 1] += start[i] }
                var fill = Array(start)
                fill.withUnsafeMutableBufferPointer { fill in
                    incident.withUnsafeMutableBufferPointer { incident in
                        for c in 0..<cellCount {
                            for a in 0..<n {
                                let node = Int(cellNodes[c * n + a])
                                incident[Int(fill[node])] = Int32(c)
                                fill[node] += 1
                            }
                        }
                    }
                }
            }
        }
        let threads = nodeCount >= 50_000 ? max(1, threadCount) : 1
        // Pass 1: neighbour counts. Pass 2: sorted neighbours, expanded to interleaved dofs.
        var degree = [Int32](repeating: 0, count: nodeCount)
        degree.withUnsafeMutableBufferPointer { degree in
            let out = UnsafeSendable(degree.baseAddress!)
            Self.forEachNode(nodeCount, threads: threads, space: space, start: start, incident: incident) { node, _, count in
                out.pointer[node] = Int32(count)
            }
        }
        var pointers = [Int32](repeating: 0, count: nodeCount * components + 1)
        var running = 0
        for node in 0..<nodeCount {
            for c in 0..<components {
                pointers[node * components + c] = Int32(running)
                running += Int(degree[node]) * components
            }
        }
        pointers[nodeCount * components] = Int32(running)
        var columns = [Int32](repeating: 0, count: running)
        columns.withUnsafeMutableBufferPointer { out in
            let columnsOut = UnsafeSendable(out.baseAddress!)
            pointers.withUnsafeBufferPointer { pointers in
                let rows = UnsafeSendable(UnsafeMutablePointer(mutating: pointers.baseAddress!))
                Self.forEachNode(nodeCount, threads: threads, space: space, start: start, incident: incident) { node, neighbours, count in
                    var sorted = UnsafeMutableBufferPointer(start: neighbours, count: count)
                    sorted.sort()
                    for c in 0..<components {
                        var k = Int(rows.pointer[node * components + c])
                        for e in 0..<count {
                            let other = Int(neighbours[e])
                            for c2 in 0..<components {
                                columnsOut.pointer[k] = Int32(other * components + c2)
                                k += 1
                            }
                        }
                    }
                }
            }
        }
        rowPointers = pointers
        columnIndices = columns
    }

    /// Calls `body(node, neighbours, count)` for every node with its distinct neighbouring nodes
    /// (unsorted) in a per-thread scratch buffer; node ranges run on up to `threads` threads.
    private static func forEachNode(
        _ nodeCount: Int, threads: Int, space: FunctionSpace, start: [Int32], incident: [Int32],
        _ body: (Int, UnsafeMutablePointer<Int32>, Int) -> Void
    ) {
        let n = space.element.localCount
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            space.cellNodes.withUnsafeBufferPointer { cellNodes in
                start.withUnsafeBufferPointer { start in
                    incident.withUnsafeBufferPointer { incident in
                        let shared = UnsafeSendable((cellNodes, start, incident))
                        DispatchQueue.concurrentPerform(iterations: threads) { t in
                            let (cellNodes, start, incident) = shared.pointer
                            let marker = UnsafeMutablePointer<Int32>.allocate(capacity: nodeCount)
                            marker.initialize(repeating: -1, count: nodeCount)
                            var capacity = 64
                            var scratch = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
                            defer {
                                marker.deallocate()
                                scratch.deallocate()
                            }
                            for node in (t * nodeCount / threads)..<((t + 1) * nodeCount / threads) {
                                var count = 0
                                let needed = Int(start[node + 1] - start[node]) * n
                                if needed > capacity {
                                    scratch.deallocate()
                                    capacity = needed
                                    scratch = .allocate(capacity: capacity)
                                }
                                for k in Int(start[node])..<Int(start[node + 1]) {
                                    let c = Int(incident[k])
                                    for a in 0..<n {
                                        let other = cellNodes[c * n + a]
                                        if marker[Int(other)] != Int32(node) {
                                            marker[Int(other)] = Int32(node)
                                            scratch[count] = other
                                            count += 1
                                        }
                                    }
                                }
                                box.pointer(node, scratch, count)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Hands a value to concurrent workers that use it in disjoint ways (each writes only its own
/// rows or slots).
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: T
    init(_ pointer: T) { self.pointer = pointer }
}
