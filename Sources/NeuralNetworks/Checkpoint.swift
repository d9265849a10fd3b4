import Foundation
import Autodiff

/// Named tensors and string metadata saved together: model parameters, optimiser state, progress.
///
/// Binary format (little-endian), version 1:
/// ```
/// "PDEKCKPT"  u32 version  u64 payloadLength  payload  u64 FNV-1a(payload)
/// payload = u32 n, n × (u32 nameLength, name, u32 rank, rank × u64 dim, count × f64),
///           u32 m, m × (u32 keyLength, key, u32 valueLength, value)
/// ```
/// Files are written to a temporary file in the same folder and renamed into place, so a crash never
/// leaves a half-written checkpoint; a truncated or altered file fails the checksum and is reported.
public struct Checkpoint: Sendable {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    static let magic = Array("PDEKCKPT".utf8)

    /// The tensors in insertion order.
    public private(set) var names: [String] = []
    private var tensors: [String: Tensor] = [:]
    /// Free-form metadata (step counts, configuration).
    public var metadata: [String: String] = [:]

    /// An empty checkpoint.
    public init() {}

    /// Adds or replaces a named tensor.
    public mutating func set(_ name: String, _ tensor: Tensor) {
        if tensors[name] == nil { names.append(name) }
        tensors[name] = tensor
    }

    /// Adds every entry of `dictionary` (sorted by name, for a stable file).
    public mutating func set(_ dictionary: [String: Tensor]) {
        for name in dictionary.keys.sorted() { set(name, dictionary[name]!) }
    }

    /// The tensor called `name`, or `nil`.
    public subscript(_ name: String) -> Tensor? { tensors[name] }

    /// The tensor called `name`, or an error naming the missing entry.
    public func tensor(_ name: String) throws -> Tensor {
        guard let t = tensors[name] else { throw CheckpointError.missingEntry(name) }
        return t
    }

    /// All entries whose names start with `prefix`.
    public func entries(withPrefix prefix: String) -> [String: Tensor] {
        tensors.filter { $0.key.hasPrefix(prefix) }
    }

    // MARK: Encoding

    /// The encoded bytes.
    public func encoded() -> Data {
        var payload = ByteWriter()
        payload.u32(UInt32(names.count))
        for name in names {
            let t = tensors[name]!
            payload.string(name)
            payload.u32(UInt32(t.rank))
            for d in t.shape { payload.u64(UInt64(d)) }
            t.scalars.withUnsafeBytes { payload.bytes.append(contentsOf: $0) }
        }
        payload.u32(UInt32(metadata.count))
        for key in metadata.keys.sorted() {
            payload.string(key)
            payload.string(metadata[key]!)
        }
        var file = ByteWriter()
        file.bytes.append(contentsOf: Checkpoint.magic)
        file.u32(Checkpoint.formatVersion)
        file.u64(UInt64(payload.bytes.count))
        file.bytes.append(contentsOf: payload.bytes)
        file.u64(fnv1a(payload.bytes))
        return Data(file.bytes)
    }

    /// Writes the checkpoint atomically (temporary file in the same folder, then rename).
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoded().write(to: url, options: .atomic)
    }

    /// Reads and verifies a checkpoint file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CheckpointError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        try self.init(data: data, path: url.path)
    }

    /// Decodes and verifies checkpoint bytes; `path` only labels errors.
    public init(data: Data, path: String = "<data>") throws {
        let bytes = [UInt8](data)
        var r = ByteReader(bytes: bytes, path: path)
        guard bytes.count >= 8, Array(bytes[0..<8]) == Checkpoint.magic else { throw CheckpointError.notACheckpoint(path: path) }
        r.offset = 8
        let version = try r.u32()
        guard version == Checkpoint.formatVersion else { throw CheckpointError.unsupportedVersion(path: path, version: version) }
        let length = try r.u64()
        guard UInt64(bytes.count - r.offset) >= length &+ 8, length < UInt64(Int.max / 2) else { throw CheckpointError.truncated(path: path) }
        let payloadRange = r.offset..<(r.offset + Int(length))
        var trailer = ByteReader(bytes: bytes, path: path)
        trailer.offset = payloadRange.upperBound
        guard try trailer.u64() == fnv1a(bytes[payloadRange]) else { throw CheckpointError.checksumMismatch(path: path) }
        guard trailer.offset == bytes.count else { throw CheckpointError.malformed(path: path, reason: "trailing bytes") }

        var p = ByteReader(bytes: Array(bytes[payloadRange]), path: path)
        let n = try p.u32()
        for _ in 0..<n {
            let name = try p.string()
            let rank = try p.u32()
            guard rank <= 16 else { throw CheckpointError.malformed(path: path, reason: "rank \(rank) of '\(name)'") }
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(try p.u64())) }
            let count = shape.reduce(1, *)
            let values = try p.doubles(count)
            set(name, Tensor(shape: shape, scalars: values))
        }
        let m = try p.u32()
        for _ in 0..<m {
            let key = try p.string()
            metadata[key] = try p.string()
        }
        guard p.offset == p.bytes.count else { throw CheckpointError.malformed(path: path, reason: "unexpected bytes after metadata") }
    }
}

/// FNV-1a, 64-bit: a fast checksum that detects truncation and corruption (not tampering).
func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    return hash
}

struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) { u32(UInt32(s.utf8.count)); bytes.append(contentsOf: s.utf8) }
}

struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset = 0
    init(bytes: [UInt8], path: String) { self.bytes = bytes; self.path = path }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw CheckpointError.truncated(path: path) }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }
    mutating func u32() throws -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func u64() throws -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    mutating func string() throws -> String {
        let n = Int(try u32())
        guard let s = String(bytes: try take(n), encoding: .utf8) else { throw CheckpointError.malformed(path: path, reason: "invalid UTF-8 name") }
        return s
    }
    mutating func doubles(_ count: Int) throws -> [Double] {
        guard count >= 0, count <= (bytes.count - offset) / 8 else { throw CheckpointError.truncated(path: path) }
        let slice = try take(8 * count)
        return slice.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self) } }
    }
}
