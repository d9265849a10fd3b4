/// The CRC-32 and Adler-32 checksums used by the PNG and zlib formats.
///
/// CRC-32 is the ISO-HDLC / PNG variant (reflected polynomial 0xEDB88320, initial value and
/// final XOR 0xFFFFFFFF); `crc32("123456789".utf8) == 0xCBF43926`.
/// Adler-32 is the zlib checksum; `adler32("Wikipedia".utf8) == 0x11E60398`.
public enum Checksum {
    /// Lookup table for byte-at-a-time CRC-32.
    private static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = (value & 1) != 0 ? (0xEDB8_8320 ^ (value >> 1)) : (value >> 1)
        }
        return value
    }

    /// Returns the CRC-32 of `bytes`.
    ///
    /// To checksum data that arrives in pieces, pass the previous result as `continuing`.
    public static func crc32(_ bytes: some Sequence<UInt8>, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = ~previous
        crcTable.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return ~crc
    }

    /// Returns the Adler-32 of `bytes`.
    ///
    /// To checksum data that arrives in pieces, pass the previous result as `continuing`
    /// (the checksum of no bytes is 1).
    public static func adler32(_ bytes: some Sequence<UInt8>, continuing previous: UInt32 = 1) -> UInt32 {
        let modulus: UInt32 = 65_521
        // 5552 is the largest n for which the sums cannot overflow 32 bits before reduction.
        let blockLength = 5_552
        var low = previous & 0xFFFF
        var high = previous >> 16
        var pending = 0
        for byte in bytes {
            low &+= UInt32(byte)
            high &+= low
            pending += 1
            if pending == blockLength {
                low %= modulus
                high %= modulus
                pending = 0
            }
        }
        low %= modulus
        high %= modulus
        return (high << 16) | low
    }
}
