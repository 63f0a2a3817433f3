/// Static checks of rule patterns for shapes prone to catastrophic backtracking.
enum RegexLint {
    struct Problem: Equatable {
        /// Byte offset of the outer quantifier in the pattern.
        var offset: Int
        var message: String
    }

    /// Finds a group with an unbounded quantifier (`*`, `+`, `{n,}`) inside that is itself repeated
    /// without bound, e.g. `(a+)+` or `(?:\w+\s?)*`: on a near miss such a pattern tries
    /// exponentially many ways to split the input. Atomic groups and possessive quantifiers are fine.
    static func nestedUnboundedQuantifier(in pattern: String) -> Problem? {
        let p = Array(pattern.utf8)
        var i = 0
        // Per open group: (start offset, whether an unbounded quantifier occurs inside, atomic).
        var stack: [(start: Int, unbounded: Bool, atomic: Bool)] = []
        var lastGroupUnbounded = false
        var lastGroupAtomic = false
        var lastWasGroup = false
        func unboundedQuantifier(at k: Int) -> (isUnbounded: Bool, length: Int, possessive: Bool)? {
            guard k < p.count else { return nil }
            var len = 0
            var unbounded = false
            switch p[k] {
            case UInt8(ascii: "*"), UInt8(ascii: "+"):
                unbounded = true
                len = 1
            case UInt8(ascii: "?"):
                len = 1
            case UInt8(ascii: "{"):
                var j = k + 1
                var sawComma = false
                var digitsAfterComma = false
                var valid = true
                while j < p.count && p[j] != UInt8(ascii: "}") {
                    if p[j] == UInt8(ascii: ",") {
                        sawComma = true
                    } else if p[j] >= 48 && p[j] <= 57 {
                        if sawComma { digitsAfterComma = true }
                    } else {
                        valid = false
                    }
                    j += 1
                }
                guard valid, j < p.count else { return nil }
                unbounded = sawComma && !digitsAfterComma
                len = j - k + 1
            default:
                return nil
            }
            let possessive = k + len < p.count && p[k + len] == UInt8(ascii: "+")
            return (unbounded, len, possessive)
        }
        /// Steps over a quantifier after an atom, noting an unbounded one in the enclosing group.
        func skipQuantifier(_ i: inout Int) {
            guard let q = unboundedQuantifier(at: i) else { return }
            if q.isUnbounded && !q.possessive && !stack.isEmpty { stack[stack.count - 1].unbounded = true }
            i += q.length + (q.possessive ? 1 : 0)
        }
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\\") {
                i += 2
                lastWasGroup = false
                skipQuantifier(&i)
                continue
            }
            if c == UInt8(ascii: "[") {
                // Skip the character class (a leading `]` or `^]` is literal).
                var j = i + 1
                if j < p.count && p[j] == UInt8(ascii: "^") { j += 1 }
                if j < p.count && p[j] == UInt8(ascii: "]") { j += 1 }
                while j < p.count && p[j] != UInt8(ascii: "]") {
                    if p[j] == UInt8(ascii: "\\") { j += 1 }
                    j += 1
                }
                i = j + 1
                lastWasGroup = false
                skipQuantifier(&i)
                continue
            }
            if c == UInt8(ascii: "(") {
                let atomic = i + 2 < p.count && p[i + 1] == UInt8(ascii: "?") && p[i + 2] == UInt8(ascii: ">")
                stack.append((i, false, atomic))
                i += 1
                lastWasGroup = false
                continue
            }
            if c == UInt8(ascii: ")") {
                guard let group = stack.popLast() else { return nil }
                lastGroupUnbounded = group.unbounded
                lastGroupAtomic = group.atomic
                lastWasGroup = true
                i += 1
                if let q = unboundedQuantifier(at: i) {
                    if q.isUnbounded && !q.possessive && lastGroupUnbounded && !lastGroupAtomic {
                        return Problem(
                            offset: i,
                            message:
                                """
                                the group at offset \(group.start) repeats without bound \
                                (`\(String(decoding: p[i..<(i + q.length)], as: UTF8.self))`) and contains an unbounded quantifier \
                                itself, which can backtrack catastrophically; bound the inner or outer repetition (e.g. {1,64}), or make \
                                it atomic (?>…) or possessive
                                """
                        )
                    }
                    // The group's content counts for its enclosing group too.
                    if !stack.isEmpty && (q.isUnbounded || lastGroupUnbounded) && !q.possessive { stack[stack.count - 1].unbounded = true }
                    i += q.length + (q.possessive ? 1 : 0)
                } else if !stack.isEmpty && lastGroupUnbounded {
                    stack[stack.count - 1].unbounded = true
                }
                continue
            }
            lastWasGroup = false
            i += 1
            skipQuantifier(&i)
        }
        _ = lastWasGroup
        return nil
    }
}
