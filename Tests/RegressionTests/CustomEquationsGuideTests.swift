import Foundation
import XCTest
import PDEKit

/// The snippets of Documentation/CustomEquations.md, compiled and run in order.
final class CustomEquationsGuideTests: XCTestCase {
    func testGuideSnippetsRunAndProduceFiniteResiduals() {
        
        let key = RandomKey(seed: 0)
        let net = MLP(sizes: [2, 32, 32, 32, 1], activation: .tanh, key: key)
        let points = Variable(key.fold(in: 1).uniform([2048, 2], low: -1, high: 1))   // columns x, t
        let nu = 0.01 / Double.pi
        
        let u = Fields(of: { net($0) }, at: points, coordinates: "xt", derivatives: ["x", "xx", "t"])[0]
        let residual = u.t + u * u.x - nu * u.xx            // Burgers: u_t + u u_x − ν u_xx
        let loss = residual.squared().mean()
        let grads = gradients(of: loss, wrt: net.parameters)   // one reverse sweep
        // −Δu = 2π² sin(πx) sin(πy)
        let xy = key.fold(in: 2).uniform([4096, 2])
        let f = Variable(Tensor.zip(xy.slice(0..<1, alongAxis: 1), xy.slice(1..<2, alongAxis: 1)) { x, y in
            2 * .pi * .pi * sin(.pi * x) * sin(.pi * y)
        })
        let w = Fields(of: { net($0) }, at: Variable(xy), coordinates: "xy", derivatives: ["xx", "yy"])[0]
        let poisson = -(w.xx + w.yy) - f
        // Steady incompressible Navier–Stokes (u, v, p) at Reynolds number re.
        let re = 20.0
        let flow = MLP(sizes: [2, 50, 50, 50, 3], activation: .tanh, key: key)
        let s = Fields(of: { flow($0) }, at: Variable(xy), coordinates: "xy",
                       derivatives: ["x", "y", "xx", "yy"])
        let (uf, vf, pf) = (s[0], s[1], s[2])
        let momentumX = uf * uf.x + vf * uf.y + pf.x - (1 / re) * (uf.xx + uf.yy)
        let momentumY = uf * vf.x + vf * vf.y + pf.y - (1 / re) * (vf.xx + vf.yy)
        let continuity = uf.x + vf.y
        let systemLoss = momentumX.squared().mean() + momentumY.squared().mean() + continuity.squared().mean()
        // Kuramoto–Sivashinsky: u_t + α u u_x + β u_xx + γ u_xxxx
        let (alpha, beta, gamma) = (100.0 / 16, 100.0 / 256, 100.0 / 65536)
        let k = Fields(of: { net($0) }, at: points, coordinates: "xt", derivatives: ["t", "x", "xx", "xxxx"])[0]
        let ks = k.t + alpha * k * k.x + beta * k.xx + gamma * k.xxxx
        // u = (1 − x²) N(x) vanishes at x = ±1 whatever the network N does.
        let n1 = MLP(sizes: [1, 32, 32, 1], activation: .tanh, key: key)
        let x1 = Variable(key.fold(in: 3).uniform([256, 1], low: -1, high: 1))
        let constrained = Fields(of: { x in (1.0 - x * x) * n1(x) }, at: x1, coordinates: "x", derivatives: ["xx"])[0]
        let poisson1D = -constrained.xx - Variable(x1.value.map { .pi * .pi * sin(.pi * $0) })
        let periodicNet = Sequential([PeriodicEmbedding(inputSize: 2, periods: [0: 2], harmonics: 4),
                                      MLP(sizes: [9, 64, 64, 1], key: key)])
        let ac = Fields(of: { periodicNet($0) }, at: points, coordinates: "xt", derivatives: ["t", "xx"])[0]
        let allenCahn = ac.t - 1e-4 * ac.xx + 5 * ac.value.pow(3) - 5 * ac

        for (name, r) in [("burgers", residual), ("poisson", poisson), ("momentum x", momentumX),
                          ("momentum y", momentumY), ("continuity", continuity), ("ks", ks),
                          ("poisson 1d", poisson1D), ("allen-cahn", allenCahn)] {
            XCTAssert(r.value.isFinite, name)
            XCTAssertEqual(r.shape[1], 1, name)
        }
        XCTAssert(loss.scalar.isFinite && systemLoss.scalar.isFinite)
        XCTAssertEqual(grads.count, net.parameters.count)
        // The hard constraint holds exactly at the boundary.
        let ends = Variable(Tensor(shape: [2, 1], scalars: [-1, 1]))
        let atEnds = Fields(of: { x in (1.0 - x * x) * n1(x) }, at: ends, coordinates: "x", derivatives: ["x"])[0]
        XCTAssertEqual(atEnds.value.value.scalars, [0, 0])
        XCTAssertEqual(constrained.xx.shape, [256, 1])
    }
}
