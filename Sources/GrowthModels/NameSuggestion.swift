/// "Did you mean …?" for a name a user mistyped: the closest of the known names by edit distance
/// (Levenshtein with adjacent transpositions, with separators and case ignored first, so "kremer1993" finds "kremer-1993"),
/// when it is close enough to be a likely typo: at most a third of the longer name's length, and
/// at most 3 edits.
public enum NameSuggestion {
    public static func closest(to name: String, in candidates: [String]) -> String? {
        func normalised(_ text: String) -> [Character] {
            Array(text.lowercased().filter { $0.isLetter || $0.isNumber })
        }
        let target = normalised(name)
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != name {
            let other = normalised(candidate)
            let distance = editDistance(target, other)
            let allowed = min(3, max(target.count, other.count) / 3)
            if distance <= allowed, distance < best?.distance ?? .max { best = (distance, candidate) }
        }
        return best?.name
    }

    /// The optimal string alignment distance (Levenshtein's insertions, deletions and substitutions,
    /// plus the transposition of two adjacent characters as one edit, each substring edited once),
    /// by the three-row dynamic programme. A swapped pair is the commonest typo ("modle" for
    /// "model"), which plain Levenshtein counts as two edits and so would not suggest for a short name.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
