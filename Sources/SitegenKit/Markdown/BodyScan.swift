/// One pass over the HTML libcmark wrote for a body: where its heading tags
/// start (for their ids) and how many words its text holds (for the word count).
///
/// Words are counted here, not in the parse tree's text: asked for a text
/// node's literal, libcmark 0.30 copies it into a new string with a NUL at its
/// end, which was then measured with `strlen` and scanned apart. A throwaway
/// build counting no words at all took 2.8% less CPU (content read and
/// rendered 210.8 → 199.2 ms, A/B of 20 builds); the HTML is read here anyway
/// for its heading tags, while still cached.
///
/// Valid for libcmark's HTML without raw HTML (`MarkdownRenderer` counts
/// literals instead when the site lets raw HTML through): there every `<` and
/// `>` outside a tag is escaped, tags never nest and hold no `>` before their
/// end, so a tag is exactly what lies between a `<` and the next `>`.
struct BodyScan {
    /// Where each `<hN>` (N from 1 to 6) starts.
    private(set) var headingTags: [Int] = []
    /// Runs of bytes other than space, tab, CR and LF outside tags, a tag
    /// ending one as a space would: as many words as the text and code nodes'
    /// literals hold when each is counted alone (neighbouring text nodes are
    /// joined by libcmark, and a tag separates all others). Words of a code
    /// block's text and of an image's alt text (inside its tag) are counted by
    /// the caller, which treats them differently (see `MarkdownRenderer.render`).
    private(set) var words = 0
    /// Whether the bytes can go into a CDATA section as they are: no `]` (which
    /// could start `]]>`), no control byte XML forbids (all but tab, line feed
    /// and carriage return) and no 0xEF (which starts U+FFFE and U+FFFF, and a
    /// few other characters). Found in the same pass, so the feeds copy most
    /// bodies whole instead of scanning them once for every feed they are in
    /// (`XMLEscaping.cdata`).
    private(set) var fitsCDATA = true
    /// Whether the HTML holds a code block (`<pre`) or an image (`<img`): their
    /// words are not as the HTML shows them (a code block's text is no words of
    /// the body, an image's alt text is, inside its tag), so the caller counts
    /// them from the parse tree, which it must then walk.
    private(set) var holdsCodeBlockOrImage = false
    /// Whether every byte is ASCII: a string made of them is then said to be,
    /// without another pass to find out (`KnownUTF8.string`).
    private(set) var isASCII = true

    /// Sixteen bytes at a time: each block's `<`, `>` and spaces become bit
    /// masks, tags are the bits between a `<` and its `>` (a prefix XOR), and a
    /// word starts at each byte of text whose previous byte is not text. Heading
    /// tags are a `<` with an `h` after it, a second load one byte on. (Found
    /// with `memchr` from one `<` to the next, headings alone stopped at every
    /// tag of the body: 0.8% of a full build.)
    ///
    /// Four blocks' masks are put side by side and their words counted at once:
    /// counting bits takes a dozen instructions on Swift's default x86-64 target,
    /// which has no POPCNT, and once per sixteen bytes it was half of the scan
    /// (a briefing's HTML scanned 30,000 times: 26.2 → 17.2 ms).
    init(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let bytesSought = BytesSought()
        var state = WordState()
        var unfit = SIMDMask<SIMD16<Int8>>(repeating: false)
        var high = SIMD16<UInt8>.zero
        var at = 0
        while at + 64 <= bytes.count {
            var (marks, spaces): (UInt64, UInt64) = (0, 0)
            for part in 0..<4 {
                let block = Self.blockMasks(bytes, base, at + 16 * part, bytesSought)
                unfit .|= block.unfit
                high |= block.bytes
                marks |= block.marks << UInt64(16 * part)
                spaces |= block.spaces << UInt64(16 * part)
                if block.tags != 0 { noteTags(in: bytes, at: at + 16 * part, candidates: block.tags) }
            }
            state.count(marks: marks, spaces: spaces, width: 64)
            at += 64
        }
        while at + 16 <= bytes.count {
            let block = Self.blockMasks(bytes, base, at, bytesSought)
            unfit .|= block.unfit
            high |= block.bytes
            if block.tags != 0 { noteTags(in: bytes, at: at, candidates: block.tags) }
            state.count(marks: block.marks, spaces: block.spaces, width: 16)
            at += 16
        }
        fitsCDATA = !unfit.anyLane
        isASCII = high.max() < 0x80
        var (inside, before) = (state.insideTag != 0, state.textBefore != 0)
        while at < bytes.count {
            let byte = bytes[at]
            if byte >= 0x80 { isASCII = false }
            if byte == UInt8(ascii: "]") || byte == 0xEF || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) {
                fitsCDATA = false
            }
            if byte == 0x3C {
                inside = true
                noteTag(in: bytes, at: at)
            }
            let isText = !inside && byte != 0x3E && byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
            if isText && !before { state.words += 1 }
            if byte == 0x3E { inside = false }
            before = isText
            at += 1
        }
        words = state.words
    }

    /// The bytes each block is compared with, made once: made in the loop, each
    /// vector was filled a byte at a time for every block.
    private struct BytesSought {
        let open = SIMD16<UInt8>(repeating: UInt8(ascii: "<"))
        let close = SIMD16<UInt8>(repeating: UInt8(ascii: ">"))
        let letterH = SIMD16<UInt8>(repeating: UInt8(ascii: "h"))
        let letterP = SIMD16<UInt8>(repeating: UInt8(ascii: "p"))
        let letterI = SIMD16<UInt8>(repeating: UInt8(ascii: "i"))
        let space = SIMD16<UInt8>(repeating: 0x20)
        let tab = SIMD16<UInt8>(repeating: 0x09)
        let lineFeed = SIMD16<UInt8>(repeating: 0x0A)
        let carriageReturn = SIMD16<UInt8>(repeating: 0x0D)
        let closeBracket = SIMD16<UInt8>(repeating: UInt8(ascii: "]"))
        let byteEF = SIMD16<UInt8>(repeating: 0xEF)
    }

    /// Where a run of text goes on from one group of bytes to the next.
    private struct WordState {
        var words = 0
        /// All ones while inside a tag.
        var insideTag: UInt64 = 0
        /// 1 when the byte before was text.
        var textBefore: UInt64 = 0

        /// Counts the words starting in `width` bytes (16 or 64), bit i for byte i.
        @inline(__always)
        mutating func count(marks: UInt64, spaces: UInt64, width: Int) {
            // Bit i: an odd number of marks up to and including byte i, so a `<` and what
            // follows it up to (not including) its `>`; flipped when a tag began before.
            var tag = marks
            tag ^= tag << 1
            tag ^= tag << 2
            tag ^= tag << 4
            tag ^= tag << 8
            tag ^= tag << 16
            tag ^= tag << 32
            tag ^= insideTag
            let all: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
            let text = ~(tag | marks | spaces) & all
            words &+= (text & ~(text << 1 | textBefore)).nonzeroBitCount
            insideTag = 0 &- ((tag >> UInt64(width - 1)) & 1)
            textBefore = text >> UInt64(width - 1)
        }
    }

    /// The block's `<` and `>` (marks) and spaces as bits, and the `<`s that may
    /// start a tag of note (`noteTag`): with an `h`, `p` or `i` after them.
    @inline(__always)
    private static func blockMasks(_ bytes: UnsafeRawBufferPointer, _ base: UnsafeRawPointer, _ at: Int, _ sought: BytesSought) -> (
        bytes: SIMD16<UInt8>, marks: UInt64, spaces: UInt64, tags: UInt64, unfit: SIMDMask<SIMD16<Int8>>
    ) {
        let block = base.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)
        let opens = block .== sought.open
        let marks = (opens .| (block .== sought.close)).laneBits
        let lineBreaks = (block .== sought.tab) .| (block .== sought.lineFeed) .| (block .== sought.carriageReturn)
        let spaces = (lineBreaks .| (block .== sought.space)).laneBits
        let unfit = (block .== sought.closeBracket) .| (block .== sought.byteEF) .| ((block .< sought.space) .& .!lineBreaks)
        // The next byte of each `<` from a load one byte on, or for the last block each `<` alone.
        guard at + 17 <= bytes.count else { return (block, marks, spaces, opens.laneBits, unfit) }
        let next = base.loadUnaligned(fromByteOffset: at + 1, as: SIMD16<UInt8>.self)
        let tags = opens .& ((next .== sought.letterH) .| (next .== sought.letterP) .| (next .== sought.letterI))
        return (block, marks, spaces, tags.anyLane ? tags.laneBits : 0, unfit)
    }

    /// Notes the tags among a block's candidates (bit i: a `<` at `at + i`).
    private mutating func noteTags(in bytes: UnsafeRawBufferPointer, at: Int, candidates: UInt64) {
        var lanes = candidates
        while lanes != 0 {
            noteTag(in: bytes, at: at + lanes.trailingZeroBitCount)
            lanes &= lanes - 1
        }
    }

    /// A heading tag's place, or that a code block or an image is there.
    @inline(__always)
    private mutating func noteTag(in bytes: UnsafeRawBufferPointer, at: Int) {
        if Self.isHeadingTag(bytes, at) {
            headingTags.append(at)
        } else if at + 4 <= bytes.count,
            (bytes[at + 1] == UInt8(ascii: "p") && bytes[at + 2] == UInt8(ascii: "r") && bytes[at + 3] == UInt8(ascii: "e"))
                || (bytes[at + 1] == UInt8(ascii: "i") && bytes[at + 2] == UInt8(ascii: "m") && bytes[at + 3] == UInt8(ascii: "g"))
        {
            holdsCodeBlockOrImage = true
        }
    }

    private static func isHeadingTag(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Bool {
        at + 4 <= bytes.count && bytes[at] == 0x3C && bytes[at + 1] == UInt8(ascii: "h") && bytes[at + 3] == UInt8(ascii: ">")
            && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[at + 2])
    }
}

extension BodyScan {
    /// The text (UTF-8) a reader sees in the heading whose tag starts at `tag`, as
    /// `MarkdownRenderer.plainText` reads it from the tree: tags left out, the
    /// four characters libcmark escapes put back, a line break as a space. Nil
    /// when the heading holds what its HTML cannot tell (an entity other than
    /// those four, or an image, whose alt text is in its tag).
    static func headingText(in bytes: UnsafeRawBufferPointer, tag: Int) -> [UInt8]? {
        var text: [UInt8] = []
        var at = tag + 4  // After `<hN>`.
        while at < bytes.count {
            switch bytes[at] {
            case UInt8(ascii: "<"):
                // Only the heading's own closing tag starts with `</h`: no inline tag does.
                if at + 2 < bytes.count, bytes[at + 1] == UInt8(ascii: "/"), bytes[at + 2] == UInt8(ascii: "h") {
                    return text
                }
                if at + 3 < bytes.count, bytes[at + 1] == UInt8(ascii: "i"), bytes[at + 2] == UInt8(ascii: "m"),
                    bytes[at + 3] == UInt8(ascii: "g")
                {
                    return nil
                }
                while at < bytes.count, bytes[at] != UInt8(ascii: ">") { at += 1 }
            case UInt8(ascii: "&"):
                let rest = UnsafeRawBufferPointer(rebasing: bytes[at...])
                guard let escape = Self.escapes.first(where: { rest.starts(with: $0.entity.utf8) }) else { return nil }
                text.append(escape.character)
                at += escape.entity.utf8.count - 1
            case UInt8(ascii: "\n"):
                text.append(UInt8(ascii: " "))
            case let byte:
                text.append(byte)
            }
            at += 1
        }
        return nil
    }

    /// What libcmark writes for the characters it escapes in text.
    private static let escapes: [(character: UInt8, entity: String)] = [
        (UInt8(ascii: "&"), "&amp;"), (UInt8(ascii: "<"), "&lt;"), (UInt8(ascii: ">"), "&gt;"), (UInt8(ascii: "\""), "&quot;"),
    ]
}
