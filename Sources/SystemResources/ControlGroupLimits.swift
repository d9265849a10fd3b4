import Foundation

/// CPU and memory limits of Linux control groups (v1 and v2), the limits `docker --cpus`,
/// `docker --memory` and Kubernetes pods impose without changing what the machine reports.
///
/// The process's groups come from `/proc/self/cgroup`; each group's files are looked up under
/// `/sys/fs/cgroup` at the group's path and at every ancestor up to the mount's root (a container
/// usually sees its own group as the root), and the tightest limit found counts. Parsing is kept
/// apart from reading so that it can be tested on given text.
public enum ControlGroupLimits {
    /// The whole cores a CPU quota allows (rounded up), or nil when there is none.
    public static func cores(inDirectory root: String = "/sys/fs/cgroup", membership: String? = nil) -> Int? {
        let groups = parseMembership(membership ?? read("/proc/self/cgroup") ?? "")
        var tightest: Int?
        for directory in candidateDirectories(root: root, groups: groups, v1Controllers: ["cpu", "cpu,cpuacct", "cpuacct,cpu"]) {
            var cores: Int?
            if let text = read(directory + "/cpu.max") {
                cores = coresFromCPUMax(text)
            } else if let quota = read(directory + "/cpu.cfs_quota_us"), let period = read(directory + "/cpu.cfs_period_us") {
                cores = coresFromQuota(quota, period: period)
            }
            if let cores { tightest = min(tightest ?? cores, cores) }
        }
        return tightest
    }

    /// The bytes a memory limit still allows (limit minus current use), or nil when there is none.
    public static func availableMemoryBytes(inDirectory root: String = "/sys/fs/cgroup", membership: String? = nil) -> Int? {
        let groups = parseMembership(membership ?? read("/proc/self/cgroup") ?? "")
        var tightest: Int?
        for directory in candidateDirectories(root: root, groups: groups, v1Controllers: ["memory"]) {
            var room: Int?
            if let limit = read(directory + "/memory.max"), let used = read(directory + "/memory.current") {
                room = roomFromMemoryLimit(limit, usage: used)
            } else if let limit = read(directory + "/memory.limit_in_bytes"), let used = read(directory + "/memory.usage_in_bytes") {
                room = roomFromMemoryLimit(limit, usage: used)
            }
            if let room { tightest = min(tightest ?? room, room) }
        }
        return tightest
    }

    /// The whole cores of a cgroup v2 `cpu.max` ("QUOTA PERIOD" or "max PERIOD"), rounded up.
    public static func coresFromCPUMax(_ text: String) -> Int? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2 else { return nil }
        return coresFromQuota(String(fields[0]), period: String(fields[1]))
    }

    /// The whole cores of a CFS quota and period in microseconds (v1: quota −1 means none), rounded up.
    public static func coresFromQuota(_ quota: String, period: String) -> Int? {
        guard let q = Int(quota.trimmingCharacters(in: .whitespacesAndNewlines)),
              let p = Int(period.trimmingCharacters(in: .whitespacesAndNewlines)), q > 0, p > 0 else { return nil }
        return max(1, (q + p - 1) / p)
    }

    /// Limit minus usage for a memory limit in bytes ("max", or v1's near-2⁶³ value, mean none).
    public static func roomFromMemoryLimit(_ limit: String, usage: String) -> Int? {
        guard let l = Int(limit.trimmingCharacters(in: .whitespacesAndNewlines)),
              let u = Int(usage.trimmingCharacters(in: .whitespacesAndNewlines)), l > 0, l < 1 << 60 else { return nil }
        return max(0, l - u)
    }

    /// The lines of `/proc/self/cgroup` ("ID:CONTROLLERS:PATH") as (controllers, path); v2's line has
    /// no controllers.
    public static func parseMembership(_ text: String) -> [(controllers: String, path: String)] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].hasPrefix("/") else { return nil }
            return (String(parts[1]), String(parts[2]))
        }
    }

    /// Directories that may hold the limits: for the v2 group and for each v1 hierarchy among
    /// `v1Controllers`, the group's path and its ancestors under the mount.
    static func candidateDirectories(root: String, groups: [(controllers: String, path: String)], v1Controllers: [String]) -> [String] {
        var directories: [String] = []
        func addAncestors(of path: String, under mount: String) {
            var components = path.split(separator: "/").map(String.init)
            while true {
                directories.append(([mount] + components).joined(separator: "/"))
                if components.isEmpty { break }
                components.removeLast()
            }
        }
        for group in groups {
            if group.controllers.isEmpty {
                addAncestors(of: group.path, under: root)
            } else {
                let names = Set(group.controllers.split(separator: ",").map(String.init))
                for mount in v1Controllers where Set(mount.split(separator: ",").map(String.init)).isSubset(of: names) {
                    addAncestors(of: group.path, under: root + "/" + mount)
                }
            }
        }
        return directories
    }

    private static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }
}
