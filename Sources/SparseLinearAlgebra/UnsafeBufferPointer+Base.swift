// Non-null base addresses for the raw-pointer kernels.

extension UnsafeBufferPointer {
    /// The base address, or a dummy aligned address for an empty buffer (never dereferenced).
    @inline(__always) var base: UnsafePointer<Element> {
        baseAddress ?? UnsafePointer(UnsafeMutablePointer<Element>.dummy)
    }
}

extension UnsafeMutableBufferPointer {
    /// The base address, or a dummy aligned address for an empty buffer (never dereferenced).
    @inline(__always) var base: UnsafeMutablePointer<Element> { baseAddress ?? .dummy }
}

extension UnsafeMutablePointer {
    /// A non-null, suitably aligned address standing in for the storage of an empty buffer.
    @inline(__always) static var dummy: UnsafeMutablePointer<Pointee> {
        UnsafeMutablePointer(bitPattern: MemoryLayout<Pointee>.alignment)!
    }
}
