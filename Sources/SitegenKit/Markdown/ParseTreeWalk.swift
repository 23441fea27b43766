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
