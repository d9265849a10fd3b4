import Foundation
import PDEKit

/// Pictures and arrays of finite-element solutions.
public enum FEMOutputs {
    /// Samples a 2D scalar solution on a `count × count` grid over the mesh's bounding box and
    /// writes `solution.npy` (`[count, count]`, x first) and `solution.png` (solution | exact |
    /// error; points outside the mesh blank). With `exact` nil, the picture shows the solution only.
    public static func writeGridPictures(
        space: FunctionSpace, solution u: [Double], exact: (([Double]) -> Double)?, folder: URL, name: String = "solution",
        count: Int = 201, title: String? = nil
    ) throws {
        let mesh = space.mesh
        var lower = [Double.infinity, .infinity], upper = [-Double.infinity, -.infinity]
        for v in 0..<mesh.vertexCount {
            for k in 0..<2 {
                lower[k] = min(lower[k], mesh.points[v * 2 + k])
                upper[k] = max(upper[k], mesh.points[v * 2 + k])
            }
        }
        let xs = (0..<count).map { lower[0] + (upper[0] - lower[0]) * Double($0) / Double(count - 1) }
        let ys = (0..<count).map { lower[1] + (upper[1] - lower[1]) * Double($0) / Double(count - 1) }
        var points = [Double]()
        points.reserveCapacity(2 * count * count)
        for y in ys { for x in xs { points += [x, y] } }  // y rows, x fastest: the heat map's order
        let values = try space.evaluate(u, at: points, outsideValue: .nan)
        var xFirst = [Double](repeating: 0, count: count * count)
        for j in 0..<count { for i in 0..<count { xFirst[i * count + j] = values[j * count + i] } }
        try Tensor(shape: [count, count], scalars: xFirst).writeNumpy(to: folder.appendingPathComponent("\(name).npy"))
        let scale = max(1, 300 / count)
        if let exact {
            let reference = (0..<(count * count)).map { values[$0].isNaN ? Double.nan : exact([points[2 * $0], points[2 * $0 + 1]]) }
            try HeatMapPanels.comparison(prediction: values, reference: reference, width: count, height: count,
                                         xExtent: lower[0]...upper[0], yExtent: lower[1]...upper[1], xLabel: "x", yLabel: "y", scale: scale)
                .write(to: folder.appendingPathComponent("\(name).png"))
        } else {
            try HeatMap(values: values, width: count, height: count, xExtent: lower[0]...upper[0], yExtent: lower[1]...upper[1],
                        title: title ?? name, xLabel: "x", yLabel: "y", scale: scale)
                .write(to: folder.appendingPathComponent("\(name).png"))
        }
    }

    /// Creates the output folder.
    public static func makeFolder(_ path: String?, example: String) throws -> URL {
        let folder = URL(fileURLWithPath: path ?? "runs/\(example)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw FiniteElementError.invalidArgument("cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
        return folder
    }
}

extension FEMOutputs {
    /// Writes `fields` (dof vectors of `space`, scalar or vector) at the mesh vertices to a `.vtu`
    /// file. P2's edge nodes are not written: the vertex values are the first nodes of the space.
    public static func writeVTU(space: FunctionSpace, fields: [String: [Double]], cellData: [String: [Double]] = [:], to url: URL) throws {
        let count = space.mesh.vertexCount * space.components
        try space.mesh.writeVTU(to: url.path, pointData: fields.mapValues { Array($0.prefix(count)) }, cellData: cellData)
    }

    /// Samples a 3D scalar solution on the plane z = `z` (`count × count` grid over the bounding
    /// box in x and y) and writes `slice.npy` and `slice.png` (solution | exact | error).
    public static func writeSlicePictures(
        space: FunctionSpace, solution u: [Double], exact: @escaping ([Double]) -> Double, z: Double, folder: URL, count: Int = 121
    ) throws {
        let xs = (0..<count).map { Double($0) / Double(count - 1) }
        var points = [Double]()
        points.reserveCapacity(3 * count * count)
        for y in xs { for x in xs { points += [x, y, z] } }
        let values = try space.evaluate(u, at: points, outsideValue: .nan)
        var xFirst = [Double](repeating: 0, count: count * count)
        for j in 0..<count { for i in 0..<count { xFirst[i * count + j] = values[j * count + i] } }
        try Tensor(shape: [count, count], scalars: xFirst).writeNumpy(to: folder.appendingPathComponent("slice.npy"))
        let reference = (0..<(count * count)).map { exact([points[3 * $0], points[3 * $0 + 1], z]) }
        try HeatMapPanels.comparison(prediction: values, reference: reference, width: count, height: count,
                                     xExtent: 0...1, yExtent: 0...1, xLabel: "x", yLabel: "y", scale: max(1, 300 / count))
            .write(to: folder.appendingPathComponent("slice.png"))
    }
}
