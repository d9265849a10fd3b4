import CBLAS
import Foundation

/// How many cores and how much memory this process may use, as far as the system tells.
public enum ProcessResources {
    /// The cores this process may run on: the active cores, or fewer where the affinity mask
    /// (`taskset`, a container's CPU set) or a control group's CPU quota (`docker --cpus`, a
    /// Kubernetes CPU limit; rounded up) allows fewer. At least 1. Read once.
    public static let usableCores: Int = {
        var cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if let allowed = affinityCores() { cores = min(cores, allowed) }
        if let quota = ControlGroupLimits.cores() { cores = min(cores, quota) }
        return max(1, cores)
    }()

    /// Caps OpenBLAS's threads at `usableCores` (once per process; later calls do nothing), unless
    /// `OPENBLAS_NUM_THREADS`, `GOTO_NUM_THREADS` or `OMP_NUM_THREADS` chose them. OpenBLAS counts the
    /// affinity mask but not a control group's CPU quota, so under `docker --cpus=2` on a large
    /// machine it would start a thread per core. The matrix products and CHOLMOD call this before
    /// their first use of OpenBLAS.
    public static func capBLASThreads() { _ = blasThreadsCapped }

    private static let blasThreadsCapped: Void = {
        let environment = ProcessInfo.processInfo.environment
        guard ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"].allSatisfy({ environment[$0] == nil }) else { return }
        if Int(openblas_get_num_threads()) > usableCores { openblas_set_num_threads(Int32(usableCores)) }
    }()

    /// The memory a new allocation can get: `MemAvailable` from `/proc/meminfo`, or less where a
    /// control group's memory limit leaves less room; nil where neither can be read.
    public static func availableMemoryBytes() -> Int? {
        let system = memInfoAvailableBytes()
        guard let group = ControlGroupLimits.availableMemoryBytes() else { return system }
        return min(system ?? group, group)
    }

    /// The number of CPUs in the process's affinity mask (`Cpus_allowed` in `/proc/self/status`, a
    /// comma-separated hexadecimal mask), or nil where it cannot be read.
    static func affinityCores() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
            return coresInMask(String(line.dropFirst("Cpus_allowed:".count)))
        }
        return nil
    }

    /// The set bits of a mask such as "ff,00000003"; nil for text that is not such a mask or has no bit set.
    public static func coresInMask(_ mask: String) -> Int? {
        var count = 0
        for character in mask.trimmingCharacters(in: .whitespacesAndNewlines) where character != "," {
            guard let digit = character.hexDigitValue else { return nil }
            count += digit.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }

    /// `MemAvailable` from `/proc/meminfo` in bytes, or nil where it cannot be read.
    static func memInfoAvailableBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
