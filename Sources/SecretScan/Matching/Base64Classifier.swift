#if arch(x86_64)
    import _Builtin_intrinsics.intel

    /// Which bytes of a 16-byte block are base64 characters (`A-Z a-z 0-9 + / - _`), sixteen at a time
    /// with SSE2, which every x86-64 CPU has. The run search (`EncodedSegments`) steps through content
    /// a block at a time instead of reading a table entry per byte.
    enum Base64Classifier {
        /// Bit j set when byte j of the 16 at `p` is one of the bytes that most often end a word in
        /// source text: below `+` (0x2B: space, tab, line feed, quotes, parentheses, `!#$%&*`), `.`,
        /// or 0x80 and above. None is base64, though not every other byte is: a cheap first look
        /// that, when it finds one, saves the full classification.
        @inline(__always)
        static func commonSeparators16(_ p: UnsafeRawPointer) -> UInt32 {
            let v = _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
            let below = _mm_cmplt_epi8(v, _mm_set1_epi8(0x2B))
            let dot = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x2E))
            return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(below, dot)))
        }

        /// Bit j set when byte j of the 16 at `p` is a base64 character.
        @inline(__always)
        static func mask16(_ p: UnsafeRawPointer) -> UInt32 {
            let v = _mm_loadu_si128(p.assumingMemoryBound(to: __m128i.self))
            // Setting bit 5 folds A-Z onto a-z and moves nothing else into a-z. The comparisons are
            // signed: bytes of 0x80 and above are negative, below every range, so never base64.
            let folded = _mm_or_si128(v, _mm_set1_epi8(0x20))
            let letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8(0x60)), _mm_cmplt_epi8(folded, _mm_set1_epi8(0x7B)))
            let digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x2F)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x3A)))
            let plusOrSlash = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x2B)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x2F)))
            let dashOrUnderscore = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x2D)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x5F)))
            let all = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(plusOrSlash, dashOrUnderscore))
            return UInt32(truncatingIfNeeded: _mm_movemask_epi8(all))
        }
    }
#endif
