import Foundation
import XCTest
import Autodiff
import PhysicsInformed

/// The parameter sequences themselves, seen through the unit square and cube, whose maps are the
/// identity: Sobol against reference values, Latin hypercube strata, Hammersley coordinates, and
/// integration accuracy.
final class LowDiscrepancyTests: XCTestCase {
    let unitSquare = Rectangle(lower: [0, 0], upper: [1, 1])

    func testSobolFirstPointsInTwoDimensionsSkipTheOrigin() throws {
        let points = rows(try unitSquare.interiorPoints(5, sampling: .sobol, key: Fixtures.key))
        XCTAssertEqual(points, [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875]])
        XCTAssertEqual(SobolSequence(dimension: 2).point(0), [0, 0])
    }

    /// Reference points from SciPy 1.17 `qmc.Sobol(d=12, scramble=False, bits=32)` (Joe–Kuo
    /// new-joe-kuo-6.21201), as integers times 2⁻³²; they pin every direction number used up to
    /// bit 17 in all 12 dimensions.
    func testSobolMatchesJoeKuoReferenceInTwelveDimensions() {
        let reference: [Int: [UInt32]] = [
            7: [536870912, 2684354560, 1610612736, 536870912, 536870912, 1610612736, 2684354560, 2684354560,
                2684354560, 3758096384, 2684354560, 536870912],
            100: [1778384896, 1107296256, 3321888768, 3120562176, 3791650816, 3187671040, 100663296, 2046820352,
                  2717908992, 2986344448, 1979711488, 2919235584],
            1000: [943718400, 415236096, 2227175424, 2906652672, 1203765248, 3896508416, 197132288, 3862953984,
                   2151677952, 297795584, 364904448, 1094713344],
            4095: [1048576, 4042260480, 1435500544, 3872391168, 4038066176, 338690048, 4077912064, 1678770176,
                   823132160, 1058013184, 2446327808, 1380974592],
            65535: [65536, 4294901760, 2421489664, 3271884800, 1085997056, 2344288256, 2221342720, 3125346304,
                    3844407296, 703922176, 739180544, 308740096],
            123456: [113803264, 784891904, 1319665664, 1934065664, 726630400, 872972288, 3074457600, 1993113600,
                     3034218496, 1069711360, 2143649792, 3355148288],
        ]
        let sobol = SobolSequence(dimension: 12)
        for (index, expected) in reference {
            XCTAssertEqual(sobol.point(index), expected.map { Double($0) * 0x1.0p-32 }, "Sobol point \(index)")
        }
    }

    func testSobolPrefixesAreBalancedAndTheFirstTwoCoordinatesFormANet() {
        let k = 8, n = 1 << k
        let sobol = SobolSequence(dimension: SobolSequence.maximumDimension)
        let points = (0..<n).map { sobol.point($0) }
        for j in 0..<sobol.dimension {
            XCTAssertEqual(Set(points.map { Int($0[j] * Double(n)) }), Set(0..<n), "coordinate \(j) of 2^\(k) points")
        }
        // (0, k, 2)-net: every elementary box of area 2^-k (2^a × 2^(k−a) cells) holds one point.
        for a in 0...k {
            let cells = Set(points.map { Int($0[0] * Double(1 << a)) * n + Int($0[1] * Double(1 << (k - a))) })
            XCTAssertEqual(cells.count, n, "elementary boxes 2^-\(a) × 2^-\(k - a)")
        }
    }

    func testLatinHypercubePutsOnePointInEachStratumOfEachDimension() throws {
        let n = 257
        let rectangle = Rectangle(lower: [-1, 2], upper: [3, 5])
        let box = Box(lower: [0, -2, 1], upper: [1, 2, 1.5])
        for (label, geometry) in [("rectangle", rectangle), ("box", box)] as [(String, any Geometry)] {
            let points = rows(try geometry.interiorPoints(n, sampling: .latinHypercube, key: Fixtures.key))
            let (lower, upper) = geometry.boundingBox
            for j in 0..<geometry.dimension {
                let strata = points.map { Int(((($0[j] - lower[j]) / (upper[j] - lower[j])) * Double(n)).rounded(.down)) }
                XCTAssertEqual(strata.sorted(), Array(0..<n), "\(label), dimension \(j)")
            }
        }
    }

    func testLatinHypercubeStrataAreShuffledIndependentlyPerDimension() throws {
        let n = 100
        let points = rows(try unitSquare.interiorPoints(n, sampling: .latinHypercube, key: Fixtures.key))
        let first = points.map { Int($0[0] * Double(n)) }, second = points.map { Int($0[1] * Double(n)) }
        XCTAssertNotEqual(first, second)
        XCTAssertNotEqual(first, Array(0..<n))
    }

    func testHammersleyFirstCoordinateIsIOverNAndTheOthersAreRadicalInverses() throws {
        let n = 1000
        let cube = Box(lower: [0, 0, 0], upper: [1, 1, 1])
        let points = rows(try cube.interiorPoints(n, sampling: .hammersley, key: Fixtures.key))
        XCTAssertEqual(points.map { $0[0] }, (0..<n).map { Double($0) / Double(n) })
        XCTAssertEqual(points[1], [0.001, 0.5, 1.0 / 3])
        XCTAssertEqual(points[6][1], 0.375)                          // 6 = 110₂ → 0.011₂
        XCTAssertEqual(points[5][2], 2.0 / 3 + 1.0 / 9, accuracy: 1e-15)  // 5 = 12₃ → 0.21₃
    }

    /// ∫∫ sin(πx) sin(πy) dx dy over the unit square is 4/π². Quasi-Monte Carlo with 4096 points
    /// must be within 1e-3; plain Monte Carlo would have a standard error of about 5e-3.
    func testQuasiMonteCarloIntegrationIsAccurate() throws {
        let exact = 4 / (Double.pi * Double.pi)
        for sampling in [Sampling.sobol, .shiftedSobol, .hammersley] {
            let points = rows(try unitSquare.interiorPoints(4096, sampling: sampling, key: Fixtures.key))
            let estimate = points.map { sin(.pi * $0[0]) * sin(.pi * $0[1]) }.reduce(0, +) / 4096
            XCTAssertEqual(estimate, exact, accuracy: 1e-3, "\(sampling)")
        }
    }

    func testShiftedSobolDependsOnTheKeyAndIsTheSobolSetShiftedModuloOne() throws {
        let a = rows(try unitSquare.interiorPoints(64, sampling: .shiftedSobol, key: RandomKey(seed: 1)))
        let b = rows(try unitSquare.interiorPoints(64, sampling: .shiftedSobol, key: RandomKey(seed: 2)))
        XCTAssertNotEqual(a, b)
        // The first point is the shifted origin, i.e. the shift; unshifting gives the Sobol points.
        let shift = a[0]
        let sobol = SobolSequence(dimension: 2)
        for (i, p) in a.enumerated() {
            let unshifted = zip(p, shift).map { x, s in x - s < 0 ? x - s + 1 : x - s }
            XCTAssertEqual(unshifted[0], sobol.point(i)[0], accuracy: 1e-15)
            XCTAssertEqual(unshifted[1], sobol.point(i)[1], accuracy: 1e-15)
        }
    }
}
