import Foundation

/// The compiled mean side of a formula: a flat tape of instructions evaluated with exact
/// forward-mode automatic differentiation, a block of observations at a time.
///
/// Memory is a list of slots. A slot holds `1 + q` rows of `blockSize` doubles: the values for a
/// block of observations, then the partial derivatives with respect to θ_1…θ_q (q = p when the
/// Jacobian is wanted, 0 otherwise). Slots are laid out as
///
///     [parameters p][constants][data columns][instructions]
///
/// and instruction k writes slot `firstInstruction + k`, so operands are plain slot indices and
/// nothing is overwritten within a block. Each instruction runs over the whole block before the next
/// starts, so the cost of dispatching on the opcode is shared by `blockSize` observations and the
/// inner loops are simple enough for the compiler to vectorise. Leaf slots (parameters, constants)
/// and the derivative rows no instruction writes are set once per call.
///
/// Compilation folds what does not depend on θ: a parameter- and variable-free subexpression becomes
/// one constant, and a subexpression of data variables only (e.g. `log(x1)*x2` or `2*pi*x/12`) is
/// computed once for all observations into a precomputed column. So every instruction has at least
/// one operand that depends on θ; binary instructions record which (`Activity`) so that the
/// derivative loops skip the other. Identical instructions are emitted once (`exp(-b2*x)` written
/// twice is computed once). Each instruction also records the contiguous range of parameters its
/// value can depend on (`partials`), and only those derivative rows are computed: in
/// `b1*exp(-b2*x) + b3*exp(-b4*x)` the first exponential carries one partial, not four.
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
        var left: Int32
        var right: Int32
        /// Derivative rows (1-based: row 1 + j holds ∂/∂θ_j) that can be non-zero: `lower..<upper`.
        var lower: Int32
        var upper: Int32
    }

    /// Observations evaluated together: big enough to amortise dispatch, small enough that the
    /// slots of a typical formula stay in cache (a 30-slot, 8-parameter tape uses about 70 kB).
    static let blockSize = 32

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
    /// Doubles of scratch `evaluate` needs: every slot with all its rows, plus two rows of local
    /// derivatives.
    var scratchCount: Int { (slotCount * (parameterCount + 1) + 2) * Self.blockSize }

    /// Compiles the parameter-dependent expression `mean` over `data` (all columns of length `n`).
    init(_ mean: FormulaExpression, parameterCount p: Int, data: [String: [Double]], observationCount n: Int) {
        var compiler = Compiler(data: data, observationCount: n)
        let root = compiler.lower(mean)
        let firstColumn = p + compiler.constants.count
        let firstInstruction = firstColumn + compiler.columns.count
        func slot(_ operand: Compiler.Operand) -> Int32 {
            switch operand {
            case let .parameter(j): return Int32(j)
            case let .constant(k): return Int32(p + k)
            case let .column(k): return Int32(firstColumn + k)
            case let .instruction(k): return Int32(firstInstruction + k)
            }
        }
        parameterCount = p
        observationCount = n
        constants = compiler.constants
        columnCount = compiler.columns.count
        columns = compiler.columns.flatMap { $0 }
        instructions = compiler.instructions.map {
            Instruction(opcode: $0.opcode, activity: $0.activity, left: slot($0.left), right: slot($0.right),
                        lower: Int32(1 + $0.partials.lowerBound), upper: Int32(1 + $0.partials.upperBound))
        }
        result = Int(slot(root))
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
        let bs = Self.blockSize
        let w = jacobian == nil ? 1 : p + 1  // rows per slot
        precondition(θ.count == p && values.count >= n && (jacobian?.count ?? n * p) >= n * p,
                     "FormulaProgram.evaluate: buffer sizes do not match the model")
        precondition(scratch.count >= (slotCount * w + 2) * bs, "FormulaProgram.evaluate: scratch too small")
        guard let s = scratch.baseAddress else { return }  // scratchCount > 0, so never taken
        func row(_ slot: Int, _ r: Int) -> UnsafeMutablePointer<Double> { s + (slot * w + r) * bs }

        // Once per call: leaf slots, and the derivative rows outside each instruction's range.
        let firstColumn = p + constants.count
        let firstInstruction = firstColumn + columnCount
        for slot in 0..<firstInstruction { row(slot, 1).update(repeating: 0, count: (w - 1) * bs) }
        for j in 0..<p {
            row(j, 0).update(repeating: θ[j], count: bs)
            if w > 1 { row(j, 1 + j).update(repeating: 1, count: bs) }
        }
        for (k, c) in constants.enumerated() { row(p + k, 0).update(repeating: c, count: bs) }
        for (k, instruction) in instructions.enumerated() where w > 1 {
            let slot = firstInstruction + k
            row(slot, 1).update(repeating: 0, count: (Int(instruction.lower) - 1) * bs)
            row(slot, Int(instruction.upper)).update(repeating: 0, count: (w - Int(instruction.upper)) * bs)
        }
        let local = row(slotCount, 0)  // two rows of local derivatives

        instructions.withUnsafeBufferPointer { tape in
            columns.withUnsafeBufferPointer { data in
                var start = 0
                while start < n {
                    let m = min(bs, n - start)
                    for c in 0..<columnCount {
                        row(firstColumn + c, 0).update(from: data.baseAddress! + c * n + start, count: m)
                    }
                    for (k, instruction) in tape.enumerated() {
                        let rows = w > 1 ? Int(instruction.lower)..<Int(instruction.upper) : 1..<1
                        Self.execute(
                            instruction, a: row(Int(instruction.left), 0), b: row(Int(instruction.right), 0),
                            out: row(firstInstruction + k, 0), rows: rows, count: m, local: local)
                    }
                    let r = row(result, 0)
                    for k in 0..<m { values[start + k] = r[k] }
                    if let jacobian {
                        for k in 0..<m {
                            for j in 0..<p { jacobian[(start + k) * p + j] = r[(1 + j) * bs + k] }
                        }
                    }
                    start += m
                }
            }
        }
    }

    /// One instruction over a block of `m` observations: values into row 0 of `out`, partials into
    /// its rows `rows` (empty when no Jacobian is wanted). `local` holds two scratch rows.
    @inline(__always)
    private static func execute(
        _ instruction: Instruction, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>,
        out: UnsafeMutablePointer<Double>, rows: Range<Int>, count m: Int, local: UnsafeMutablePointer<Double>
    ) {
        let bs = blockSize
        let derivatives = !rows.isEmpty
        let f = local, g = local + bs  // local derivative rows
        switch instruction.opcode {
        case .add:
            for k in 0..<m { out[k] = a[k] + b[k] }
            for r in rows {
                let o = out + r * bs, da = a + r * bs, db = b + r * bs
                switch instruction.activity {
                case .both: for k in 0..<m { o[k] = da[k] + db[k] }
                case .left: o.update(from: da, count: m)
                case .right: o.update(from: db, count: m)
                }
            }
        case .subtract:
            for k in 0..<m { out[k] = a[k] - b[k] }
            for r in rows {
                let o = out + r * bs, da = a + r * bs, db = b + r * bs
                switch instruction.activity {
                case .both: for k in 0..<m { o[k] = da[k] - db[k] }
                case .left: o.update(from: da, count: m)
                case .right: for k in 0..<m { o[k] = -db[k] }
                }
            }
        case .multiply:
            for k in 0..<m { out[k] = a[k] * b[k] }
            for r in rows {
                let o = out + r * bs, da = a + r * bs, db = b + r * bs
                switch instruction.activity {
                case .both: for k in 0..<m { o[k] = a[k] * db[k] + b[k] * da[k] }
                case .left: for k in 0..<m { o[k] = b[k] * da[k] }
                case .right: for k in 0..<m { o[k] = a[k] * db[k] }
                }
            }
        case .divide:
            for k in 0..<m { out[k] = a[k] / b[k] }
            for r in rows {
                let o = out + r * bs, da = a + r * bs, db = b + r * bs
                switch instruction.activity {
                case .both: for k in 0..<m { o[k] = (da[k] - out[k] * db[k]) / b[k] }
                case .left: for k in 0..<m { o[k] = da[k] / b[k] }
                case .right: for k in 0..<m { o[k] = term(-out[k] / b[k], db[k]) }
                }
            }
        case .power:
            for k in 0..<m { out[k] = Foundation.pow(a[k], b[k]) }
            guard derivatives else { return }
            // ∂(x^y)/∂x = y·x^(y−1): exact for negative x with integer y, and 0 for y = 0 (x^0 ≡ 1).
            // ∂(x^y)/∂y = x^y·ln x, taken as 0 where x^y = 0 (x = 0, y > 0: 0^y ≡ 0 near y).
            let activity = instruction.activity
            if activity != .right {
                for k in 0..<m { f[k] = b[k] == 0 ? 0 : b[k] * Foundation.pow(a[k], b[k] - 1) }
            }
            if activity != .left {
                for k in 0..<m { g[k] = out[k] == 0 ? 0 : out[k] * Foundation.log(a[k]) }
            }
            switch activity {
            case .left: chain(f, a, out, rows, m)
            case .right: chain(g, b, out, rows, m)
            case .both:
                for r in rows {
                    let o = out + r * bs, da = a + r * bs, db = b + r * bs
                    for k in 0..<m { o[k] = term(f[k], da[k]) + term(g[k], db[k]) }
                }
            }
        case .square:
            for k in 0..<m { out[k] = a[k] * a[k]; f[k] = 2 * a[k] }
            chain(f, a, out, rows, m)
        case .negate:
            for k in 0..<m { out[k] = -a[k] }
            for r in rows {
                let o = out + r * bs, da = a + r * bs
                for k in 0..<m { o[k] = -da[k] }
            }
        case .exp:
            for k in 0..<m { out[k] = Foundation.exp(a[k]) }
            chain(out, a, out, rows, m)
        case .log:
            for k in 0..<m { out[k] = Foundation.log(a[k]); f[k] = 1 / a[k] }
            chain(f, a, out, rows, m)
        case .sqrt:
            // The local derivative is +∞ at 0: the derivative does not exist there.
            for k in 0..<m { out[k] = a[k].squareRoot(); f[k] = 0.5 / out[k] }
            chain(f, a, out, rows, m)
        case .sin:
            for k in 0..<m { out[k] = Foundation.sin(a[k]) }
            guard derivatives else { return }
            for k in 0..<m { f[k] = Foundation.cos(a[k]) }
            chain(f, a, out, rows, m)
        case .cos:
            for k in 0..<m { out[k] = Foundation.cos(a[k]) }
            guard derivatives else { return }
            for k in 0..<m { f[k] = -Foundation.sin(a[k]) }
            chain(f, a, out, rows, m)
        case .tan:
            for k in 0..<m { out[k] = Foundation.tan(a[k]); f[k] = 1 + out[k] * out[k] }  // sec²
            chain(f, a, out, rows, m)
        case .atan:
            for k in 0..<m { out[k] = Foundation.atan(a[k]); f[k] = 1 / (1 + a[k] * a[k]) }
            chain(f, a, out, rows, m)
        case .abs:
            // abs'(0) = 0 by convention (the mean of the one-sided derivatives).
            for k in 0..<m { out[k] = Swift.abs(a[k]); f[k] = a[k] > 0 ? 1 : (a[k] < 0 ? -1 : 0) }
            chain(f, a, out, rows, m)
        }
    }

    /// Partial rows of `out` = local derivative `f` times the operand's partial rows.
    @inline(__always)
    private static func chain(
        _ f: UnsafeMutablePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ out: UnsafeMutablePointer<Double>,
        _ rows: Range<Int>, _ m: Int
    ) {
        for r in rows {
            let o = out + r * blockSize, da = a + r * blockSize
            for k in 0..<m { o[k] = term(f[k], da[k]) }
        }
    }

    /// f · ∂a, except that a zero partial stays exactly 0 when f is infinite or NaN.
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
        /// The parameters (0-based) the result can depend on: the hull of the operands' ranges.
        var partials: Range<Int>
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
        let partials = hull(partials(left), right.map(partials) ?? partials(left))
        let pending = Pending(
            opcode: opcode, activity: activity, left: left, right: right ?? left, partials: partials)
        if let k = instructionIndex[pending] { return .instruction(k) }
        instructions.append(pending)
        instructionIndex[pending] = instructions.count - 1
        return .instruction(instructions.count - 1)
    }

    private func partials(_ operand: Operand) -> Range<Int> {
        switch operand {
        case let .parameter(j): return j..<(j + 1)
        case let .instruction(k): return instructions[k].partials
        case .constant, .column: return 0..<0
        }
    }

    private func hull(_ r: Range<Int>, _ s: Range<Int>) -> Range<Int> {
        if r.isEmpty { return s }
        if s.isEmpty { return r }
        return min(r.lowerBound, s.lowerBound)..<max(r.upperBound, s.upperBound)
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
