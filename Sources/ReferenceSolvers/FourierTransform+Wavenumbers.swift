extension FourierTransform {
    /// The angular wavenumbers of the coefficients of a length-`count` transform of samples spaced
    /// `length/count` apart on a period `length`: `k_j = 2π f_j / length` with
    /// `f_j = j` for `j ≤ (count − 1)/2` and `f_j = j − count` above (NumPy's `fftfreq · count`).
    /// For even counts the Nyquist coefficient `j = count/2` gets the negative wavenumber.
    public static func wavenumbers(count: Int, length: Double) -> [Double] {
        let scale = 2 * Double.pi / length
        return (0..<max(count, 0)).map { j in
            scale * Double(j <= (count - 1) / 2 ? j : j - count)
        }
    }
}

extension RealFourierTransform {
    /// The angular wavenumbers `k_j = 2π j / length`, j = 0 … count/2, of the coefficients kept by
    /// the real transform of `count` samples on a period `length` (NumPy's `rfftfreq · 2π count/length`).
    public static func wavenumbers(count: Int, length: Double) -> [Double] {
        let scale = 2 * Double.pi / length
        return (0...(max(count, 0) / 2)).map { scale * Double($0) }
    }
}
