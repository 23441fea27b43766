import CCmark

/// One walk over a parsed body's tree: its headings, its first paragraph, its
/// links (each offered to `rewriteLink`, which may change its destination
/// before the body is rendered) and what its word count needs from the tree.
///
/// Most bodies need no walk at all (`MarkdownRenderer.render`): their HTML
/// tells their headings and words, and their text cannot link to another
/// briefing (`MarkdownSource.mayLinkToContent`). Walked, every link's
/// destination and every heading's text were copied out of libcmark for each
/// of them: 5% of a cold build's CPU.
struct ParseTreeWalk {
    private(set) var headings: [OpaquePointer] = []
    private(set) var firstParagraph: OpaquePointer?
    private(set) var links: [MarkdownLink] = []
    /// Words to add to those the HTML shows (`BodyScan.words`): an image's alt
    /// text, which is in its tag, less a code block's text, which is no words
    /// of the body. With `wordsFromLiterals`, every text's and code's words
    /// instead, the HTML not counted at all (raw HTML let through, whose tags
    /// and text are no words).
    private(set) var words = 0

    init(
        _ document: OpaquePointer, wordsFromLiterals: Bool, wantsFirstParagraph: Bool, rewriteLink: ((MarkdownLink) -> String?)?
    ) {
        var imageDepth = 0
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_IMAGE { imageDepth -= 1 }
                continue
            }
            switch type {
            case CMARK_NODE_HEADING:
                headings.append(node)
            case CMARK_NODE_PARAGRAPH where wantsFirstParagraph && firstParagraph == nil:
                firstParagraph = node
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if wordsFromLiterals || imageDepth > 0 { words += MarkdownRenderer.countWords(cmark_node_get_literal(node)) }
            case CMARK_NODE_CODE_BLOCK:
                if !wordsFromLiterals { words -= MarkdownRenderer.countWords(cmark_node_get_literal(node)) }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if type == CMARK_NODE_IMAGE { imageDepth += 1 }
                let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                let link = MarkdownLink(
                    destination: destination, line: Int(cmark_node_get_start_line(node)), isImage: type == CMARK_NODE_IMAGE)
                links.append(link)
                if let rewriteLink, let replacement = rewriteLink(link) {
                    cmark_node_set_url(node, replacement)
                }
            default:
                break
            }
        }
    }

    /// The headings' ids, in document order.
    var headingIDs: [String] {
        var ids = HeadingIDs()
        return headings.map { ids.unique(for: MarkdownRenderer.plainText(of: $0)) }
    }

    var headingLevels: [Int32] { headings.map { cmark_node_get_heading_level($0) } }
}

/// What a body's Markdown can be told to hold without parsing it.
enum MarkdownSource {
    /// Whether a link in `markdown` could name a file in content/, which only
    /// the parse tree can tell (`ContentLinks`): such a destination ends in
    /// `.md`, in any case, which the text then holds as it is, or spelled with
    /// an entity (`&#46;md`) or percent-encoded (`%2Emd`). A body with no `.md`,
    /// `&` or `%` links to no other briefing, wherever its links are.
    static func mayLinkToContent(_ markdown: Substring) -> Bool {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            // A `.` with an `m` or `M` after it (a load one byte on), and every `&` and `%`:
            // compared in pairs, the full stop ending each sentence is no candidate.
            let (dot, letterM, ampersand, percent, lower) = (
                SIMD16<UInt8>(repeating: UInt8(ascii: ".")), SIMD16<UInt8>(repeating: UInt8(ascii: "m")),
                SIMD16<UInt8>(repeating: UInt8(ascii: "&")), SIMD16<UInt8>(repeating: UInt8(ascii: "%")), SIMD16<UInt8>(repeating: 0x20)
            )
            func suspect(_ at: Int) -> Bool {
                switch bytes[at] {
                case UInt8(ascii: "&"), UInt8(ascii: "%"): return true
                case UInt8(ascii: "."):
                    return at + 2 < bytes.count && bytes[at + 1] | 0x20 == UInt8(ascii: "m") && bytes[at + 2] | 0x20 == UInt8(ascii: "d")
                default: return false
                }
            }
            var at = 0
            while at + 17 <= bytes.count {
                let block = UnsafeRawPointer(base + at).loadUnaligned(as: SIMD16<UInt8>.self)
                let next = UnsafeRawPointer(base + at + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                let found = ((block .== dot) .& ((next | lower) .== letterM)) .| (block .== ampersand) .| (block .== percent)
                let halves = unsafeBitCast(found, to: SIMD2<UInt64>.self)
                if halves[0] | halves[1] != 0 {
                    for half in 0..<2 {
                        var lanes = UInt64(littleEndian: halves[half]) & 0x8080_8080_8080_8080
                        while lanes != 0 {
                            if suspect(at + half * 8 + lanes.trailingZeroBitCount / 8) { return true }
                            lanes &= lanes - 1
                        }
                    }
                }
                at += 16
            }
            while at < bytes.count {
                if suspect(at) { return true }
                at += 1
            }
            return false
        }
    }
}
