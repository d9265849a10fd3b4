import CBLAS
import Foundation
import XCTest
import SystemResources

/// Control-group limits parsed from given text and read from a fake `/sys/fs/cgroup` tree.
final class ControlGroupLimitsTests: XCTestCase {
    func testCPUQuotasRoundUpToWholeCores() {
        XCTAssertEqual(ControlGroupLimits.coresFromCPUMax("200000 100000\n"), 2)
        XCTAssertEqual(ControlGroupLimits.coresFromCPUMax("150000 100000"), 2)
        XCTAssertEqual(ControlGroupLimits.coresFromCPUMax("50000 100000"), 1)
        XCTAssertNil(ControlGroupLimits.coresFromCPUMax("max 100000"))
        XCTAssertNil(ControlGroupLimits.coresFromCPUMax("garbage"))
        XCTAssertEqual(ControlGroupLimits.coresFromQuota("300000\n", period: "100000\n"), 3)
        XCTAssertNil(ControlGroupLimits.coresFromQuota("-1", period: "100000"))
    }

    func testMemoryRoomIsLimitMinusUsage() {
        XCTAssertEqual(ControlGroupLimits.roomFromMemoryLimit("1073741824\n", usage: "73741824\n"), 1_000_000_000)
        XCTAssertEqual(ControlGroupLimits.roomFromMemoryLimit("100", usage: "200"), 0)
        XCTAssertNil(ControlGroupLimits.roomFromMemoryLimit("max", usage: "5"))
        XCTAssertNil(ControlGroupLimits.roomFromMemoryLimit("9223372036854771712", usage: "5"))
    }

    func testMembershipLines() {
        let groups = ControlGroupLimits.parseMembership("4:memory:/jobs/a\n1:cpu,cpuacct:/jobs/a\n0::/jobs/a\n")
        XCTAssertEqual(groups.map(\.controllers), ["memory", "cpu,cpuacct", ""])
        XCTAssertEqual(groups.map(\.path), ["/jobs/a", "/jobs/a", "/jobs/a"])
    }

    /// A v2 tree whose parent group is tighter than the group itself, and a v1 tree with the quota
    /// at the mount's root (as a container sees its own group).
    func testTheTightestLimitAlongTheGroupPathCounts() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cgroup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func write(_ path: String, _ text: String) throws {
            let url = URL(fileURLWithPath: root + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("/jobs/cpu.max", "300000 100000\n")
        try write("/jobs/a/cpu.max", "max 100000\n")
        try write("/jobs/memory.max", "max\n")
        try write("/jobs/memory.current", "10\n")
        try write("/jobs/a/memory.max", "4096\n")
        try write("/jobs/a/memory.current", "1024\n")
        XCTAssertEqual(ControlGroupLimits.cores(inDirectory: root, membership: "0::/jobs/a\n"), 3)
        XCTAssertEqual(ControlGroupLimits.availableMemoryBytes(inDirectory: root, membership: "0::/jobs/a\n"), 3072)
        XCTAssertNil(ControlGroupLimits.cores(inDirectory: root, membership: "0::/elsewhere\n"))

        try write("/cpu/cpu.cfs_quota_us", "150000\n")
        try write("/cpu/cpu.cfs_period_us", "100000\n")
        XCTAssertEqual(ControlGroupLimits.cores(inDirectory: root, membership: "1:cpu:/docker/abc\n"), 2)
        XCTAssertNil(ControlGroupLimits.cores(inDirectory: root, membership: "1:cpuset:/docker/abc\n"))
    }

    func testAffinityMasks() {
        XCTAssertEqual(ProcessResources.coresInMask("3\n"), 2)
        XCTAssertEqual(ProcessResources.coresInMask("ff,00000001"), 9)
        XCTAssertNil(ProcessResources.coresInMask("0"))
        XCTAssertNil(ProcessResources.coresInMask("xyz"))
    }

    func testUsableCoresIsPositiveAndAtMostTheActiveCores() {
        XCTAssertGreaterThanOrEqual(ProcessResources.usableCores, 1)
        XCTAssertLessThanOrEqual(ProcessResources.usableCores, ProcessInfo.processInfo.activeProcessorCount)
        if let bytes = ProcessResources.availableMemoryBytes() { XCTAssertGreaterThan(bytes, 0) }
    }

    /// Without a thread count chosen in the environment, OpenBLAS runs on at most the usable cores.
    func testBLASThreadsAreCappedUnlessTheEnvironmentChoseThem() {
        ProcessResources.capBLASThreads()
        let environment = ProcessInfo.processInfo.environment
        if ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"].allSatisfy({ environment[$0] == nil }) {
            XCTAssertLessThanOrEqual(Int(openblas_get_num_threads()), ProcessResources.usableCores)
        }
    }
}
