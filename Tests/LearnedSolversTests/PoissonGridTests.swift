import XCTest
import Autodiff
import SparseLinearAlgebra
import LearnedSolvers

final class PoissonGridTests: XCTestCase {
    func testEmptyBoxIsTheSevenPointLaplacian() throws {
        XCTAssertEqual(try PoissonGrid.box(n: 5).laplacian(), try CSRMatrix.laplacian3D(n: 5))
    }

    func testSphereObstacleRemovesSolidCellsWithNeumannFaces() throws {
        let n = 12
        let grid = try PoissonGrid.sphereObstacle(n: n, radius: 0.25)
        let a = try grid.laplacian()
        let solid = grid.isSolid.filter { $0 }.count
        XCTAssertGreaterThan(solid, 0)
        XCTAssertEqual(grid.unknownCount, n * n * n - solid)
        XCTAssertEqual(a.rowCount, grid.unknownCount)
        XCTAssertTrue(a.isSymmetric(tolerance: 0))
        // Interior fluid rows sum to zero (Neumann at solid faces, no Dirichlet), and a fluid cell next
        // to the ball has fewer than six faces counted.
        let center = n / 2 + n * (n / 2) + n * n * (n / 2)
        XCTAssertTrue(grid.isSolid[center])
        let row = grid.fluidCells.firstIndex(of: center - 4)!   // cell (2, 6, 6), next to the ball
        let cell = grid.fluidCells[row]
        let neighbours = [cell - 1, cell + 1, cell - n, cell + n, cell - n * n, cell + n * n]
        let solidNeighbours = neighbours.filter { grid.isSolid[$0] }.count
        XCTAssertGreaterThan(solidNeighbours, 0)
        XCTAssertEqual(a[row, row], Double(6 - solidNeighbours))
        var sum = 0.0
        for k in Int(a.rowPointers[row])..<Int(a.rowPointers[row + 1]) { sum += a.values[k] }
        XCTAssertEqual(sum, 0)
        // embed / restrict round trip; CG converges on the reduced system.
        let v = RandomKey(seed: 1).normal([grid.unknownCount]).scalars
        XCTAssertEqual(grid.restrict(grid.embed(v)), v)
        XCTAssertEqual(grid.embed(v).enumerated().filter { grid.isSolid[$0.offset] }.map(\.element).max(), 0)
        let report = try ConjugateGradient(tolerances: SolverTolerances(relative: 1e-8)).solve(a, rightHandSide: v)
        XCTAssertEqual(report.reason, .converged)
    }

    func testCellLaplacianActsOnFluidCellsAndIgnoresSolidOnes() throws {
        let grid = try PoissonGrid.sphereObstacle(n: 8)
        let reduced = try grid.laplacian(), cells = try grid.cellLaplacian()
        XCTAssertEqual(cells.rowCount, 512)
        XCTAssertEqual(cells.nonzeroCount, reduced.nonzeroCount)
        XCTAssertTrue(cells.isSymmetric(tolerance: 0))
        let x = RandomKey(seed: 2).normal([grid.unknownCount]).scalars
        var ax = [Double](repeating: 0, count: grid.unknownCount), cx = [Double](repeating: 0, count: 512)
        reduced.apply(x, into: &ax)
        // Garbage in the solid cells changes nothing; the solid rows come out zero.
        var onGrid = grid.embed(x)
        for cell in 0..<512 where grid.isSolid[cell] { onGrid[cell] = 1e3 * Double(cell + 1) }
        cells.apply(onGrid, into: &cx)
        XCTAssertEqual(cx, grid.embed(ax))
        XCTAssertEqual(try PoissonGrid.box(n: 4).cellLaplacian(), try CSRMatrix.laplacian3D(n: 4))
    }

    func testBadGridsThrow() {
        XCTAssertThrowsError(try PoissonGrid.box(n: 1))
        XCTAssertThrowsError(try PoissonGrid(n: 3, isSolid: [false]))
    }
}
