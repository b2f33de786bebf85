import Foundation

/// The compiled mean side of a formula: a flat tape of instructions evaluated per observation with
/// exact forward-mode automatic differentiation.
///
/// Memory is a row of slots, each `1 + q` doubles: the value, then its partial derivatives with
/// respect to θ_1…θ_q (q = p when the Jacobian is wanted, 0 otherwise). Slots are laid out as
///
///     [parameters p][constants][data columns][instructions]
///
/// and every instruction writes the slot after the previous one, so operands are plain slot
/// indices and nothing is ever overwritten within an observation. Leaf slots have fixed derivatives
/// (a parameter's are a unit vector, the others' are zero), written once per call.
///
/// Compilation folds what does not depend on θ: a parameter- and variable-free subexpression becomes
/// one constant, and a subexpression of data variables only (e.g. `log(x1)*x2` or `2*pi*x/12`) is
/// computed once for all observations into a precomputed column. So every instruction has at least
/// one operand that depends on θ; binary instructions record which (`Activity`) so that the
/// derivative loop skips the other. Identical instructions are emitted once (`exp(-b2*x)` written
/// twice is computed once).
///
/// Chain rule: a partial derivative is the local derivative f'(a) times the operand's partial ∂a/∂θ_j,
/// except that a zero partial gives exactly 0 even when f'(a) is infinite (∂/∂b1 of `sqrt(b2) + b1`
/// at b2 = 0 is 1): the subexpression does not depend on θ_j, so neither does its image.
struct FormulaProgram: Sendable {
    enum Opcode: UInt8, Sendable {
        case add, subtract, multiply, divide, power, square, negate
        case exp, log, sqrt, sin, cos, tan, atan, abs
    }

    /// Which operands of a binary instruction depend on θ. Unary instructions use `.left`.
    enum Activity: UInt8, Sendable {
        case both, left, right
    }

    struct Instruction: Hashable, Sendable {
        var opcode: Opcode
        var activity: Activity
        /// Operand slots (for unary instructions `right == left`).
        var left: Int
        var right: Int
    }

    let parameterCount: Int
    let observationCount: Int
    let constants: [Double]
    let columnCount: Int
    /// The data columns the tape reads, contiguous: column c is `columns[c*n ..< (c+1)*n]`.
    let columns: [Double]
    let instructions: [Instruction]
    /// The slot holding the formula's value.
    let result: Int

    var slotCount: Int { parameterCount + constants.count + columnCount + instructions.count }
    /// Doubles of scratch `evaluate` needs (with derivatives; without, it uses fewer).
    var scratchCount: Int { slotCount * (parameterCount + 1) }

    /// Compiles the parameter-dependent expression `mean` over `data` (all columns of length `n`).
    init(_ mean: FormulaExpression, parameterCount p: Int, data: [String: [Double]], observationCount n: Int) {
        var compiler = Compiler(data: data, observationCount: n)
        let root = compiler.lower(mean)
        let firstColumn = p + compiler.constants.count
        let firstInstruction = firstColumn + compiler.columns.count
        func slot(_ operand: Compiler.Operand) -> Int {
            switch operand {
            case let .parameter(j): return j
            case let .constant(k): return p + k
            case let .column(k): return firstColumn + k
            case let .instruction(k): return firstInstruction + k
            }
        }
        parameterCount = p
        observationCount = n
        constants = compiler.constants
        columnCount = compiler.columns.count
        columns = compiler.columns.flatMap { $0 }
        instructions = compiler.instructions.map {
            Instruction(opcode: $0.opcode, activity: $0.activity, left: slot($0.left), right: slot($0.right))
        }
        result = slot(root)
    }

    /// Writes the formula's value at θ for every observation into `values`, and when `jacobian` is
    /// non-nil its partial derivatives into `jacobian[i*p + j]`. Uses only `scratch`; never allocates.
    func evaluate(
        _ θ: UnsafeBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>,
        jacobian: UnsafeMutableBufferPointer<Double>?,
        scratch: UnsafeMutableBufferPointer<Double>
    ) {
        let p = parameterCount
        let n = observationCount
        let w = jacobian == nil ? 1 : p + 1  // doubles per slot
        precondition(θ.count == p && values.count >= n && (jacobian?.count ?? n * p) >= n * p,
                     "FormulaProgram.evaluate: buffer sizes do not match the model")
        precondition(scratch.count >= slotCount * w, "FormulaProgram.evaluate: scratch too small")
        guard let s = scratch.baseAddress else { return }  // slotCount >= 1, so never taken

        let firstColumn = p + constants.count
        let firstInstruction = firstColumn + columnCount
        s.update(repeating: 0, count: firstInstruction * w)
        for j in 0..<p {
            s[j * w] = θ[j]
            if w > 1 { s[j * w + 1 + j] = 1 }
        }
        for (k, c) in constants.enumerated() { s[(p + k) * w] = c }

        instructions.withUnsafeBufferPointer { tape in
            columns.withUnsafeBufferPointer { data in
                for i in 0..<n {
                    for c in 0..<columnCount { s[(firstColumn + c) * w] = data[c * n + i] }
                    var out = s + firstInstruction * w
                    for instruction in tape {
                        Self.execute(instruction, a: s + instruction.left * w, b: s + instruction.right * w,
                                     out: out, width: w)
                        out += w
                    }
                    let r = s + result * w
                    values[i] = r[0]
                    if let jacobian {
                        for j in 0..<p { jacobian[i * p + j] = r[1 + j] }
                    }
                }
            }
        }
    }

    /// One instruction: value into `out[0]`, partials into `out[1..<w]` (none when w == 1).
    @inline(__always)
    private static func execute(
        _ instruction: Instruction, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>,
        out: UnsafeMutablePointer<Double>, width w: Int
    ) {
        let x = a[0]
        let derivatives = w > 1
        switch instruction.opcode {
        case .add:
            out[0] = x + b[0]
            switch instruction.activity {
            case .both: for j in 1..<w { out[j] = a[j] + b[j] }
            case .left: for j in 1..<w { out[j] = a[j] }
            case .right: for j in 1..<w { out[j] = b[j] }
            }
        case .subtract:
            out[0] = x - b[0]
            switch instruction.activity {
            case .both: for j in 1..<w { out[j] = a[j] - b[j] }
            case .left: for j in 1..<w { out[j] = a[j] }
            case .right: for j in 1..<w { out[j] = -b[j] }
            }
        case .multiply:
            let y = b[0]
            out[0] = x * y
            switch instruction.activity {
            case .both: for j in 1..<w { out[j] = x * b[j] + y * a[j] }
            case .left: for j in 1..<w { out[j] = y * a[j] }
            case .right: for j in 1..<w { out[j] = x * b[j] }
            }
        case .divide:
            let y = b[0]
            let v = x / y
            out[0] = v
            switch instruction.activity {
            case .both: for j in 1..<w { out[j] = (a[j] - v * b[j]) / y }
            case .left: for j in 1..<w { out[j] = a[j] / y }
            case .right: chain(-v / y, b, out, w)
            }
        case .power:
            let y = b[0]
            let v = Foundation.pow(x, y)
            out[0] = v
            guard derivatives else { return }
            // ∂(x^y)/∂x = y·x^(y−1): exact for negative x with integer y, and 0 for y = 0 (x^0 ≡ 1).
            // ∂(x^y)/∂y = x^y·ln x, taken as 0 where x^y = 0 (x = 0, y > 0: 0^y ≡ 0 near y).
            switch instruction.activity {
            case .left:
                chain(y == 0 ? 0 : y * Foundation.pow(x, y - 1), a, out, w)
            case .right:
                chain(v == 0 ? 0 : v * Foundation.log(x), b, out, w)
            case .both:
                let dx = y == 0 ? 0 : y * Foundation.pow(x, y - 1)
                let dy = v == 0 ? 0 : v * Foundation.log(x)
                for j in 1..<w { out[j] = term(dx, a[j]) + term(dy, b[j]) }
            }
        case .square:
            out[0] = x * x
            chain(2 * x, a, out, w)
        case .negate:
            out[0] = -x
            for j in 1..<w { out[j] = -a[j] }
        case .exp:
            let v = Foundation.exp(x)
            out[0] = v
            chain(v, a, out, w)
        case .log:
            out[0] = Foundation.log(x)
            chain(1 / x, a, out, w)
        case .sqrt:
            let v = x.squareRoot()
            out[0] = v
            chain(0.5 / v, a, out, w)  // +∞ at 0: the derivative does not exist there
        case .sin:
            out[0] = Foundation.sin(x)
            if derivatives { chain(Foundation.cos(x), a, out, w) }
        case .cos:
            out[0] = Foundation.cos(x)
            if derivatives { chain(-Foundation.sin(x), a, out, w) }
        case .tan:
            let v = Foundation.tan(x)
            out[0] = v
            chain(1 + v * v, a, out, w)  // sec² x
        case .atan:
            out[0] = Foundation.atan(x)
            chain(1 / (1 + x * x), a, out, w)
        case .abs:
            out[0] = Swift.abs(x)
            chain(x > 0 ? 1 : (x < 0 ? -1 : 0), a, out, w)  // abs'(0) = 0 by convention
        }
    }

    /// out[j] = f · a[j] for the partials j = 1..<w, with a zero partial staying exactly 0 when the
    /// local derivative f is infinite or NaN.
    @inline(__always)
    private static func chain(
        _ f: Double, _ a: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ w: Int
    ) {
        if f.isFinite {
            for j in 1..<w { out[j] = f * a[j] }
        } else {
            for j in 1..<w { out[j] = term(f, a[j]) }
        }
    }

    @inline(__always)
    private static func term(_ f: Double, _ partial: Double) -> Double {
        partial == 0 ? 0 : f * partial
    }
}

/// Lowers a `FormulaExpression` to instructions over provisional operands; `FormulaProgram.init`
/// then assigns the slots.
private struct Compiler {
    enum Operand: Hashable {
        case parameter(Int), constant(Int), column(Int), instruction(Int)

        /// Whether the operand depends on θ (carries derivatives).
        var isActive: Bool {
            switch self {
            case .parameter, .instruction: return true
            case .constant, .column: return false
            }
        }
    }

    struct Pending: Hashable {
        var opcode: FormulaProgram.Opcode
        var activity: FormulaProgram.Activity
        var left: Operand
        var right: Operand
    }

    let data: [String: [Double]]
    let observationCount: Int
    var constants: [Double] = []
    var columns: [[Double]] = []
    var instructions: [Pending] = []
    private var constantIndex: [UInt64: Int] = [:]
    private var columnIndex: [FormulaExpression: Int] = [:]
    private var instructionIndex: [Pending: Int] = [:]

    init(data: [String: [Double]], observationCount: Int) {
        self.data = data
        self.observationCount = observationCount
    }

    mutating func lower(_ e: FormulaExpression) -> Operand {
        if !e.usesParameters {
            return e.usesVariables ? column(e) : constant(e.value(at: 0, data: [:]))
        }
        switch e {
        case let .parameter(j):
            return .parameter(j)
        case let .negate(a):
            return emit(.negate, lower(a), nil)
        case let .call(function, a):
            return emit(opcode(function), lower(a), nil)
        case let .binary(op, a, b):
            let left = lower(a)
            let right = lower(b)
            switch op {
            case .add: return emit(.add, left, right)
            case .subtract: return emit(.subtract, left, right)
            case .multiply: return emit(.multiply, left, right)
            case .divide: return emit(.divide, left, right)
            case .power:
                if case let .constant(k) = right, constants[k] == 2 { return emit(.square, left, nil) }
                return emit(.power, left, right)
            }
        case .number, .variable:
            preconditionFailure("parameter-free expressions are folded above")
        }
    }

    private func opcode(_ function: FormulaFunction) -> FormulaProgram.Opcode {
        switch function {
        case .exp: return .exp
        case .log: return .log
        case .sqrt: return .sqrt
        case .sin: return .sin
        case .cos: return .cos
        case .tan: return .tan
        case .atan: return .atan
        case .abs: return .abs
        }
    }

    /// A unary instruction when `right` is nil.
    private mutating func emit(_ opcode: FormulaProgram.Opcode, _ left: Operand, _ right: Operand?) -> Operand {
        let activity: FormulaProgram.Activity
        switch (left.isActive, right?.isActive ?? false) {
        case (true, true): activity = .both
        case (false, true): activity = .right
        default: activity = .left
        }
        let pending = Pending(opcode: opcode, activity: activity, left: left, right: right ?? left)
        if let k = instructionIndex[pending] { return .instruction(k) }
        instructions.append(pending)
        instructionIndex[pending] = instructions.count - 1
        return .instruction(instructions.count - 1)
    }

    private mutating func constant(_ value: Double) -> Operand {
        if let k = constantIndex[value.bitPattern] { return .constant(k) }
        constants.append(value)
        constantIndex[value.bitPattern] = constants.count - 1
        return .constant(constants.count - 1)
    }

    private mutating func column(_ e: FormulaExpression) -> Operand {
        if let k = columnIndex[e] { return .column(k) }
        columns.append((0..<observationCount).map { e.value(at: $0, data: data) })
        columnIndex[e] = columns.count - 1
        return .column(columns.count - 1)
    }
}
