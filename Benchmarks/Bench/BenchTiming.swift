import Dispatch

/// The median wall time of `repeats` runs of `body`, in milliseconds.
func medianMilliseconds(repeats: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<max(repeats, 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
}
