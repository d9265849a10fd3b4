/// Process-wide memory-allocator settings for tensor workloads.
public enum AllocatorTuning {
    /// Keeps freed large buffers in the heap for reuse instead of returning them to the kernel.
    ///
    /// Training allocates and frees many tensors of a few megabytes per step; glibc's defaults map
    /// and unmap each one, and the page faults that follow can cost a third of a step. Executables
    /// (examples, benchmarks, trainers) call this once at start-up; it changes no results. It does
    /// nothing on platforms other than Linux.
    public static func keepLargeBuffers() {
        #if os(Linux)
        // glibc's mallopt parameters (malloc.h): M_TRIM_THRESHOLD −1, M_TOP_PAD −2, M_MMAP_THRESHOLD −3.
        _ = glibcMallopt(-3, 1 << 30)
        _ = glibcMallopt(-1, Int32.max)
        _ = glibcMallopt(-2, 64 << 20)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
