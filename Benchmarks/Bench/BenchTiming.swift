import Dispatch

/// The median wall time of `repeats` runs of `body`, in milliseconds.
func medianMilliseconds(repeats: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<max(repeats, 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return median(times)
}

/// The median of `values` (the upper one of the middle two for an even count).
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
