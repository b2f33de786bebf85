import Foundation
import Fitting
import TestSupport

/// Hand-written NIST StRD models with analytic derivatives, written from the model lines of the
/// .dat files (shown beside each). They check the engine independently of the formula language.
enum NISTAnalyticModels {
    /// The model for `problem`, and the response it is fitted to (Nelson: log y).
    static func model(for problem: NISTNonlinearProblem) -> (ClosureModel, [Double]) {
        let x = problem.predictors["x"] ?? []
        let n = problem.y.count
        func make(
            _ value: @escaping @Sendable (UnsafeBufferPointer<Double>, Int) -> Double,
            _ gradient: @escaping @Sendable (UnsafeBufferPointer<Double>, Int, UnsafeMutableBufferPointer<Double>) -> Void
        ) -> ClosureModel {
            ClosureModel(parameterNames: problem.parameterNames, observationCount: n,
                         description: problem.equation, value: value, gradient: gradient)
        }
        switch problem.name {
        case "Misra1a", "BoxBOD": // y = b1*(1-exp[-b2*x])
            return (make({ b, i in b[0] * (1 - exp(-b[1] * x[i])) }, { b, i, g in
                let e = exp(-b[1] * x[i]); g[0] = 1 - e; g[1] = b[0] * x[i] * e
            }), problem.y)
        case "Chwirut1", "Chwirut2": // y = exp[-b1*x]/(b2+b3*x)
            return (make({ b, i in exp(-b[0] * x[i]) / (b[1] + b[2] * x[i]) }, { b, i, g in
                let u = exp(-b[0] * x[i]), d = b[1] + b[2] * x[i]
                g[0] = -x[i] * u / d; g[1] = -u / (d * d); g[2] = -x[i] * u / (d * d)
            }), problem.y)
        case "Lanczos1", "Lanczos2", "Lanczos3": // y = b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)
            return (make({ b, i in
                b[0] * exp(-b[1] * x[i]) + b[2] * exp(-b[3] * x[i]) + b[4] * exp(-b[5] * x[i])
            }, { b, i, g in
                for k in 0..<3 {
                    let e = exp(-b[2 * k + 1] * x[i]); g[2 * k] = e; g[2 * k + 1] = -b[2 * k] * x[i] * e
                }
            }), problem.y)
        case "Gauss1", "Gauss2", "Gauss3":
            // y = b1*exp(-b2*x) + b3*exp(-(x-b4)**2/b5**2) + b6*exp(-(x-b7)**2/b8**2)
            return (make({ b, i in
                b[0] * exp(-b[1] * x[i]) + b[2] * exp(-pow(x[i] - b[3], 2) / (b[4] * b[4]))
                    + b[5] * exp(-pow(x[i] - b[6], 2) / (b[7] * b[7]))
            }, { b, i, g in
                let e = exp(-b[1] * x[i]); g[0] = e; g[1] = -b[0] * x[i] * e
                for (a, c, w) in [(2, 3, 4), (5, 6, 7)] {
                    let d = x[i] - b[c], q = exp(-d * d / (b[w] * b[w]))
                    g[a] = q; g[c] = b[a] * q * 2 * d / (b[w] * b[w])
                    g[w] = b[a] * q * 2 * d * d / (b[w] * b[w] * b[w])
                }
            }), problem.y)
        case "Hahn1", "Thurber": // y = (b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3)
            return (make({ b, i in
                let t = x[i]
                return (b[0] + b[1] * t + b[2] * t * t + b[3] * t * t * t) / (1 + b[4] * t + b[5] * t * t + b[6] * t * t * t)
            }, { b, i, g in
                let t = x[i]
                let num = b[0] + b[1] * t + b[2] * t * t + b[3] * t * t * t
                let den = 1 + b[4] * t + b[5] * t * t + b[6] * t * t * t
                g[0] = 1 / den; g[1] = t / den; g[2] = t * t / den; g[3] = t * t * t / den
                g[4] = -num * t / (den * den); g[5] = -num * t * t / (den * den); g[6] = -num * t * t * t / (den * den)
            }), problem.y)
        case "Nelson": // log[y] = b1 - b2*x1 * exp[-b3*x2]
            let x1 = problem.predictors["x1"]!, x2 = problem.predictors["x2"]!
            return (make({ b, i in b[0] - b[1] * x1[i] * exp(-b[2] * x2[i]) }, { b, i, g in
                let e = exp(-b[2] * x2[i]); g[0] = 1; g[1] = -x1[i] * e; g[2] = b[1] * x1[i] * x2[i] * e
            }), problem.y.map { log($0) })
        case "MGH17": // y = b1 + b2*exp[-x*b4] + b3*exp[-x*b5]
            return (make({ b, i in b[0] + b[1] * exp(-x[i] * b[3]) + b[2] * exp(-x[i] * b[4]) }, { b, i, g in
                let e4 = exp(-x[i] * b[3]), e5 = exp(-x[i] * b[4])
                g[0] = 1; g[1] = e4; g[2] = e5; g[3] = -b[1] * x[i] * e4; g[4] = -b[2] * x[i] * e5
            }), problem.y)
        case "Misra1c": // y = b1 * (1-(1+2*b2*x)**(-.5))
            return (make({ b, i in b[0] * (1 - pow(1 + 2 * b[1] * x[i], -0.5)) }, { b, i, g in
                let u = 1 + 2 * b[1] * x[i]; g[0] = 1 - pow(u, -0.5); g[1] = b[0] * x[i] * pow(u, -1.5)
            }), problem.y)
        case "Misra1d": // y = b1*b2*x*((1+b2*x)**(-1))
            return (make({ b, i in b[0] * b[1] * x[i] / (1 + b[1] * x[i]) }, { b, i, g in
                let u = 1 + b[1] * x[i]; g[0] = b[1] * x[i] / u; g[1] = b[0] * x[i] / (u * u)
            }), problem.y)
        case "ENSO":
            // y = b1 + b2*cos(2*pi*x/12) + b3*sin(2*pi*x/12) + b5*cos(2*pi*x/b4) + b6*sin(2*pi*x/b4)
            //     + b8*cos(2*pi*x/b7) + b9*sin(2*pi*x/b7)
            return (make({ b, i in
                let w = 2 * Double.pi * x[i]
                return b[0] + b[1] * cos(w / 12) + b[2] * sin(w / 12) + b[4] * cos(w / b[3]) + b[5] * sin(w / b[3])
                    + b[7] * cos(w / b[6]) + b[8] * sin(w / b[6])
            }, { b, i, g in
                let w = 2 * Double.pi * x[i]
                g[0] = 1; g[1] = cos(w / 12); g[2] = sin(w / 12)
                for (period, c, s) in [(3, 4, 5), (6, 7, 8)] {
                    let t = w / b[period]
                    g[c] = cos(t); g[s] = sin(t)
                    g[period] = (-b[c] * sin(t) + b[s] * cos(t)) * (-w / (b[period] * b[period]))
                }
            }), problem.y)
        case "MGH09": // y = b1*(x**2+x*b2) / (x**2+x*b3+b4)
            return (make({ b, i in b[0] * (x[i] * x[i] + x[i] * b[1]) / (x[i] * x[i] + x[i] * b[2] + b[3]) }, { b, i, g in
                let num = x[i] * x[i] + x[i] * b[1], den = x[i] * x[i] + x[i] * b[2] + b[3]
                g[0] = num / den; g[1] = b[0] * x[i] / den
                g[2] = -b[0] * num * x[i] / (den * den); g[3] = -b[0] * num / (den * den)
            }), problem.y)
        case "Rat42": // y = b1 / (1+exp[b2-b3*x])
            return (make({ b, i in b[0] / (1 + exp(b[1] - b[2] * x[i])) }, { b, i, g in
                let e = exp(b[1] - b[2] * x[i]), d = 1 + e
                g[0] = 1 / d; g[1] = -b[0] * e / (d * d); g[2] = b[0] * x[i] * e / (d * d)
            }), problem.y)
        case "MGH10": // y = b1 * exp[b2/(x+b3)]
            return (make({ b, i in b[0] * exp(b[1] / (x[i] + b[2])) }, { b, i, g in
                let u = x[i] + b[2], e = exp(b[1] / u)
                g[0] = e; g[1] = b[0] * e / u; g[2] = -b[0] * e * b[1] / (u * u)
            }), problem.y)
        default:
            fatalError("no analytic model for \(problem.name)")
        }
    }
}
