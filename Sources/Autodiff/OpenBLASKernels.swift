import CBLAS
import Foundation

/// Which OpenBLAS kernels run the matrix products, and a way to fix OpenBLAS's choice on processors
/// it does not recognise.
///
/// OpenBLAS picks its kernels for the processor once, when the library loads. A processor newer than
/// the installed OpenBLAS (Debian 12 ships 0.3.21, which does not know e.g. Intel's model 207) gets
/// the generic Prescott kernels (SSE3, two doubles per instruction), and matrix products run 2–3×
/// slower than with the AVX2 or AVX-512 kernels the processor has: a Burgers PINN step measured
/// 125–132 ms with the generic kernels and 87–88 ms with the AVX-512 ones on the same machine.
/// OpenBLAS reads `OPENBLAS_CORETYPE` only while it loads, so the fix is a restart of the process
/// with that variable set (`useProcessorKernels()`); the examples and `bench` do it first thing.
public enum OpenBLASKernels {
    /// The kernel family OpenBLAS uses in this process ("Prescott", "Haswell", "SkylakeX", …).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The OpenBLAS kernel family this processor can run, from the instruction-set flags of
    /// `/proc/cpuinfo`: "SkylakeX" with AVX-512 (F, DQ, BW, VL), "Haswell" with AVX2 and FMA; nil
    /// otherwise or where the file does not exist.
    public static var processorCoreType: String? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Restarts the process (same executable, same arguments) with `OPENBLAS_CORETYPE` set when
    /// OpenBLAS fell back to its generic kernels on a processor with AVX2 or AVX-512. Does nothing —
    /// and returns — when `OPENBLAS_CORETYPE` is already set (the user's choice, or after the
    /// restart), when OpenBLAS recognised the processor, or when the restart fails.
    public static func useProcessorKernels() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else { return }
        guard coreName.lowercased() == "prescott", let coreType = processorCoreType else { return }
        setenv("OPENBLAS_CORETYPE", coreType, 1)
        fflush(nil)   // nothing buffered may be lost or printed twice
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when execv failed: keep going with the generic kernels.
        unsetenv("OPENBLAS_CORETYPE")
    }
}
