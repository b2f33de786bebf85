/// Σ w_i r_i², accurate to about one rounding of the result whatever n, by Neumaier's compensated
/// summation over products split exactly with a fused multiply-add (Ogita, Rump & Oishi 2005,
/// "Accurate sum and dot product"). The naive sum loses up to n·ε relatively, which matters when
/// the RSS is tiny and compared with certified values (NIST's Lanczos1, RSS 1.4e-25).
func compensatedWeightedSumOfSquares(_ r: [Double], weights: [Double]?) -> Double {
    var sum = 0.0
    var compensation = 0.0
    func add(_ x: Double) {
        let t = sum + x
        compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }
    for i in r.indices {
        let square = r[i] * r[i]
        let squareError = (r[i]).multipliedAdding(r[i], -square)
        if let w = weights?[i] {
            let product = w * square
            add(product)
            add(w.multipliedAdding(square, -product))
            add(w * squareError)
        } else {
            add(square)
            add(squareError)
        }
    }
    return sum + compensation
}

extension Double {
    /// self * a + b with one rounding (a fused multiply-add).
    @inline(__always) fileprivate func multipliedAdding(_ a: Double, _ b: Double) -> Double {
        b.addingProduct(self, a)
    }
}
