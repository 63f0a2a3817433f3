/// The keyword occurrences of content built by a git delta from content whose occurrences are
/// known, without walking the copied stretches again.
///
/// Which keywords end at an offset depends only on the `maxKeywordLength` bytes before it. An end
/// whose bytes lie inside one copied stretch is therefore the base's end there, moved; every other
/// end (in inserted bytes, or within a keyword's length of a stretch's start) is found by walking
/// just those bytes. The result is exactly what a walk over the whole content logs, so the rules
/// selected and their keyword windows, and hence the findings, are the same.
enum KeywordReuse {
    /// - Parameters:
    ///   - content: the delta's result.
    ///   - segments: how the delta built it (`Delta.segments`).
    ///   - baseLog: the base's log (`end << 16 | rule`), sorted.
    /// - Returns: the content's log, sorted.
    static func log(
        of content: UnsafeRawBufferPointer, segments: [Delta.Segment], baseLog: [UInt64], prefilter: KeywordPrefilter
    ) -> [UInt64] {
        let reach = max(prefilter.maxKeywordLength, 1)
        var log: [UInt64] = []
        log.reserveCapacity(baseLog.count + 64)
        // Ends in (after, to] to find by walking.
        var fresh: [(after: Int, to: Int)] = []
        func addFresh(_ after: Int, _ to: Int) {
            guard to > after else { return }
            if let last = fresh.last, after <= last.to {
                fresh[fresh.count - 1].to = max(last.to, to)
            } else {
                fresh.append((after, to))
            }
        }
        for segment in segments {
            let end = segment.start + segment.length
            guard let baseStart = segment.baseStart else {
                addFresh(segment.start, end)
                continue
            }
            // The first end whose `reach` bytes are all copied; at the very start of both, every end is.
            let firstKept = segment.start == 0 && baseStart == 0 ? 1 : segment.start + reach
            addFresh(segment.start, min(end, firstKept - 1))
            guard firstKept <= end else { continue }
            let shift = segment.start - baseStart
            let low = UInt64(firstKept - shift) << 16
            let high = UInt64(end - shift + 1) << 16
            // Moving an end by `shift` is one wrapping addition on the packed entry.
            let move = UInt64(bitPattern: Int64(shift) << 16)
            baseLog.withUnsafeBufferPointer { base in
                var i = lowerBound(base, low)
                while i < base.count && base[i] < high {
                    log.append(base[i] &+ move)
                    i += 1
                }
            }
        }
        // Both parts are in order already (segments and fresh ranges run forward): merge them.
        var found: [UInt64] = []
        for range in fresh {
            prefilter.logOccurrences(in: content, from: max(0, range.after + 1 - reach), to: range.to, after: range.after, into: &found)
        }
        return found.isEmpty ? log : merged(log, found)
    }

    private static func merged(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] <= b[j] {
                out.append(a[i])
                i += 1
            } else {
                out.append(b[j])
                j += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    private static func lowerBound(_ sorted: UnsafeBufferPointer<UInt64>, _ value: UInt64) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
