// libFuzzer target: Fitting's formula parser and compiler (FormulaModel) on arbitrary text, then one
// evaluation of the compiled model with its Jacobian, so that the tape the parser builds is run too.
// Built and run by scripts/fuzz.sh.
import Fitting

let data: [String: [Double]] = ["x": [0.5, 1, 2, 4], "t": [-1000, 0, 1000, 1950], "y": [1, 2, 3, 5]]
let parameters = ["b1", "b2", "b3"]

@_cdecl("LLVMFuzzerTestOneInput")
public func formulaParserFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let model: FormulaModel
    do {
        model = try FormulaModel(text, parameters: parameters, data: data)
    } catch {
        let message = error.description
        precondition(message.utf8.count <= 4096, "a formula error message of \(message.utf8.count) bytes")
        return 0
    }
    let n = model.observationCount, p = model.parameterNames.count
    let theta: [Double] = [1.5, -0.25, 2]
    var values = [Double](repeating: 0, count: n)
    var jacobian = [Double](repeating: 0, count: n * p)
    var scratch = [Double](repeating: 0, count: model.scratchCount)
    theta.withUnsafeBufferPointer { theta in
        values.withUnsafeMutableBufferPointer { values in
            jacobian.withUnsafeMutableBufferPointer { jacobian in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    model.evaluate(theta, values: values, jacobian: jacobian, scratch: scratch)
                }
            }
        }
    }
    return 0
}
