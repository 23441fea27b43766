import CCmark
import CCmarkArena
import Foundation

/// Renders CommonMark through libcmark with smart punctuation; raw HTML is
/// omitted unless the site opts in. The only change to libcmark's HTML is an `id`
/// on each heading, put into the tags libcmark wrote; when raw HTML makes those
/// tags ambiguous, by swapping each heading node for a custom block whose
/// enter/exit text is the same tag with the id added, so libcmark still renders
/// everything inside it.
public struct MarkdownRenderer: Sendable {
    public let unsafeHTML: Bool
    /// For tests: the tree walked and words counted in the literals whatever
    /// the options, the way the counts and ids read from the HTML must agree with.
    let countsLiterals: Bool

    public init(unsafeHTML: Bool) {
        self.init(unsafeHTML: unsafeHTML, countsLiterals: false)
    }

    init(unsafeHTML: Bool, countsLiterals: Bool) {
        (self.unsafeHTML, self.countsLiterals) = (unsafeHTML, countsLiterals)
    }

    var options: Int32 { CMARK_OPT_SMART | (unsafeHTML ? CMARK_OPT_UNSAFE : 0) }

    /// The calling thread's arena, as libcmark's allocator (see `CCmarkArena`).
    private static var arena: UnsafeMutablePointer<cmark_mem> { cmark_arena_allocator().assumingMemoryBound(to: cmark_mem.self) }

    /// `rewriteLink` may replace a link's destination (e.g. `other.md` → that
    /// briefing's URL); returning nil keeps it.
    public func render(_ markdown: String, rewriteLink: ((MarkdownLink) -> String?)? = nil) -> RenderedMarkdown {
        render(markdown[...], rewriteLink: rewriteLink)
    }

    /// The same for part of a text, such as a briefing's body in its file's text.
    /// `keepingDetails`: whether the heading ids and links are wanted with the
    /// HTML; without them, most bodies' trees need no walk (`ParseTreeWalk`),
    /// and their links are not listed.
    public func render(
        _ markdown: Substring, keepingDetails: Bool = true, rewriteLink: ((MarkdownLink) -> String?)? = nil
    ) -> RenderedMarkdown {
        render(markdown, firstParagraph: false, keepingDetails: keepingDetails, rewriteLink: rewriteLink).body
    }

    /// The body, and the plain text of its first paragraph ("" when it has
    /// none), line breaks as spaces: a briefing's summary when its front matter
    /// gives none. Asked for only then, and not kept with the body: kept for
    /// every briefing it was 700 bytes each, 7% of the heap of a build of
    /// 100,000 briefings, for the few without a summary.
    public func renderWithFirstParagraph(_ markdown: Substring, rewriteLink: ((MarkdownLink) -> String?)? = nil) -> (
        body: RenderedMarkdown, firstParagraph: String
    ) {
        render(markdown, firstParagraph: true, keepingDetails: true, rewriteLink: rewriteLink)
    }

    private func render(
        _ markdown: Substring, firstParagraph wantsFirstParagraph: Bool, keepingDetails: Bool, rewriteLink: ((MarkdownLink) -> String?)?
    ) -> (
        body: RenderedMarkdown, firstParagraph: String
    ) {
        // Everything libcmark allocates for this document comes from this thread's
        // arena and is released at once at the end: no pointer it handed out may
        // outlive this call, so its strings are copied into Swift ones.
        cmark_arena_begin()
        defer { cmark_arena_end() }
        let parser = cmark_parser_new_with_mem(options, Self.arena)
        var source = markdown
        source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        let document = cmark_parser_finish(parser)
        cmark_parser_free(parser)
        // libcmark only returns nil when allocation fails, which aborts anyway.
        guard let document else { return (RenderedMarkdown(html: "", wordCount: 0, headingIDs: [], links: []), "") }

        // The tree is walked before rendering when a link may need its destination
        // changed, or the links are kept, or the first paragraph is wanted;
        // otherwise the HTML tells the headings and words, and the tree is walked
        // afterwards only if it holds what the HTML cannot tell (`BodyScan`).
        var walk =
            countsLiterals || unsafeHTML || keepingDetails || wantsFirstParagraph || MarkdownSource.mayLinkToContent(markdown)
            ? ParseTreeWalk(
                document, wordsFromLiterals: wordsFromLiterals, wantsFirstParagraph: wantsFirstParagraph, rewriteLink: rewriteLink)
            : nil
        var body: RenderedHTML?
        var headingIDs: [String] = []
        var wordCount = 0
        if let rendered = cmark_render_html(document, options) {
            let bytes = UnsafeRawBufferPointer(start: rendered, count: strlen(rendered))
            let scan = BodyScan(bytes)
            let idsFromHTML = walk == nil && !scan.holdsCodeBlockOrImage ? Self.headingIDs(in: bytes, at: scan.headingTags) : nil
            if walk == nil && idsFromHTML == nil {
                walk = ParseTreeWalk(document, wordsFromLiterals: false, wantsFirstParagraph: false, rewriteLink: nil)
            }
            wordCount = (walk?.words ?? 0) + (wordsFromLiterals ? 0 : scan.words)
            // Ids read from the tags themselves need no check that they match them.
            let levels = walk?.headingLevels
            headingIDs = walk?.headingIDs ?? idsFromHTML ?? []
            // The ids put in are slugs: letters, digits and hyphens, nothing a CDATA section minds.
            body = Self.insertingIDs(headingIDs, levels: levels, at: scan.headingTags, into: bytes, ascii: scan.isASCII).map {
                RenderedHTML($0, fitsCDATA: scan.fitsCDATA)
            }
        }
        // Without raw HTML the tags are always the headings' (`insertingIDs`), so
        // there the tree was walked before rendering.
        let html = body ?? RenderedHTML(renderedWithIdentifiedBlocks(document, headings: walk?.headings ?? [], ids: headingIDs))
        let firstParagraphText = walk?.firstParagraph.map { Self.plainText(of: $0) } ?? ""
        let details = RenderedMarkdown.Details(headingIDs: headingIDs, links: walk?.links ?? [])
        return (RenderedMarkdown(rendered: html, wordCount: wordCount, details: details), firstParagraphText)
    }

    /// Whether words are counted in the text and code nodes' literals rather
    /// than in the HTML: where raw HTML goes through, its tags and text are no
    /// words of the body, and `BodyScan` could not tell them apart.
    private var wordsFromLiterals: Bool { unsafeHTML || countsLiterals }

    /// The ids of the headings whose tags start at `tags`, from their text in
    /// the HTML (`BodyScan.headingText`); nil when one's text cannot be told there.
    static func headingIDs(in bytes: UnsafeRawBufferPointer, at tags: [Int]) -> [String]? {
        var ids = HeadingIDs()
        var found: [String] = []
        for tag in tags {
            guard let text = BodyScan.headingText(in: bytes, tag: tag) else { return nil }
            found.append(text.withUnsafeBufferPointer { ids.unique(forUTF8: $0) })
        }
        return found
    }

    /// libcmark's HTML with `id="…"` put into each heading's opening tag (`tags`,
    /// where `BodyScan` found them), or nil when its `<hN>` tags are not exactly
    /// the headings in order (raw HTML, allowed by `unsafeHTML`, may write such
    /// tags). Without raw HTML no other text can: libcmark escapes `<` everywhere
    /// else. A second render of each heading's inside, as
    /// `renderedWithIdentifiedBlocks` does, was about 1% of a full build.
    /// `levels`: the headings' levels in the tree, which the tags must match;
    /// nil when the ids were made from these tags' own text.
    static func insertingIDs(
        _ ids: [String], levels: [Int32]?, at tags: [Int], into bytes: UnsafeRawBufferPointer, ascii: Bool
    ) -> String? {
        // The HTML is made into a string without checking it again (`KnownUTF8`):
        // libcmark writes UTF-8, and the ids, UTF-8 too, go in at ASCII bytes.
        guard !ids.isEmpty else { return KnownUTF8.string(bytes, ascii: ascii) }
        guard tags.count == ids.count,
            levels.map({ zip(tags, $0).allSatisfy { Int32(bytes[$0 + 2] - UInt8(ascii: "0")) == $1 } }) ?? true
        else { return nil }
        let (opening, closing) = (#" id=""#.utf8, #"""#.utf8)
        let added = ids.reduce(0) { $0 + opening.count + $1.utf8.count + closing.count }
        // Pieced in the document's arena (freed with it), then copied once into the string.
        let out = UnsafeMutableRawBufferPointer(start: cmark_arena_scratch(UInt(bytes.count + added)), count: bytes.count + added)
        var written = 0
        func copy(_ part: some Collection<UInt8>) {
            written += UnsafeMutableRawBufferPointer(rebasing: out[written...]).initializeMemory(as: UInt8.self, fromContentsOf: part).count
        }
        var from = 0
        for (tag, id) in zip(tags, ids) {
            copy(bytes[from..<tag + 3])  // "<hN"
            copy(opening)
            copy(id.utf8)
            copy(closing)
            from = tag + 3
        }
        copy(bytes[from...])
        return KnownUTF8.string(
            UnsafeRawBufferPointer(rebasing: out[..<written]), ascii: ascii && ids.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
    }

    /// The document's HTML with each heading swapped for a block that prints its
    /// tag with the id: right whatever raw HTML the body holds.
    private func renderedWithIdentifiedBlocks(_ document: OpaquePointer, headings: [OpaquePointer], ids: [String]) -> String {
        for (heading, id) in zip(headings, ids) { replaceWithIdentifiedBlock(heading, id: id) }
        return cmark_render_html(document, options).map { String(cString: $0) } ?? ""
    }

    /// Replaces the heading with a custom block printing `<hN id="…">…</hN>`.
    /// The inside is rendered by libcmark itself (as the heading's children moved
    /// into a paragraph), so only the id differs from libcmark's own output.
    private func replaceWithIdentifiedBlock(_ heading: OpaquePointer, id: String) {
        let level = cmark_node_get_heading_level(heading)
        // From the document's own allocator (the arena): libcmark frees a node with its own.
        guard let paragraph = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, Self.arena),
            let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, Self.arena)
        else {
            return
        }
        while let child = cmark_node_first_child(heading) {
            cmark_node_unlink(child)
            cmark_node_append_child(paragraph, child)
        }
        // "<hN id=\"…\">" + the paragraph's HTML without "<p>" and "</p>\n" + "</hN>",
        // made as bytes: as strings (prefix and suffix checks, removals,
        // interpolation) it was about 2% of a full build.
        var tag: [UInt8] = Array("<h\(level) id=\"".utf8)
        tag += id.utf8
        tag += "\">".utf8
        if let html = cmark_render_html(paragraph, options) {
            var inner = UnsafeRawBufferPointer(start: html, count: strlen(html))
            if inner.starts(with: "<p>".utf8) { inner = UnsafeRawBufferPointer(rebasing: inner.dropFirst(3)) }
            if inner.count >= 5, inner.suffix(5).elementsEqual("</p>\n".utf8) {
                inner = UnsafeRawBufferPointer(rebasing: inner.dropLast(5))
            }
            tag += inner
        }
        tag += "</h\(level)>".utf8
        tag.append(0)
        tag.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_on_enter(block, $0.baseAddress) }
        }
        cmark_node_set_on_exit(block, "")
        cmark_node_replace(heading, block)
    }

    /// The text a reader sees in a node: literal text and code, with breaks as spaces.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                break
            }
        }
        return text
    }

    /// Words are runs of bytes other than space, tab, CR and LF. Sixteen bytes
    /// at a time: this reads every byte of every body, and a byte at a time it
    /// was a tenth of reading and rendering the archive (eight at a time with
    /// integer tricks, 2% of a full build).
    static func countWords(_ literal: UnsafePointer<CChar>?) -> Int {
        guard let literal else { return 0 }
        let length = strlen(literal)
        let bytes = UnsafeRawPointer(literal)
        let high: UInt64 = 0x8080_8080_8080_8080
        var count = 0
        // The high bit of a byte's place says "the byte before is a space"; text starts after one.
        var spaceBefore: UInt64 = 0x80
        var offset = 0
        // Sixteen bytes at a time, the spaces found by vector compares (each lane
        // that matched is all ones); then eight, then one.
        let (space, tab, lineFeed, carriageReturn) = (
            SIMD16<UInt8>(repeating: 0x20), SIMD16<UInt8>(repeating: 0x09), SIMD16<UInt8>(repeating: 0x0A), SIMD16<UInt8>(repeating: 0x0D)
        )
        while offset + 16 <= length {
            let block = bytes.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
            let found = (block .== space) .| (block .== tab) .| (block .== lineFeed) .| (block .== carriageReturn)
            let halves = unsafeBitCast(found, to: SIMD2<UInt64>.self)
            let (first, second) = (UInt64(littleEndian: halves[0]) & high, UInt64(littleEndian: halves[1]) & high)
            count += (~first & high & (first << 8 | spaceBefore)).nonzeroBitCount
            count += (~second & high & (second << 8 | first >> 56)).nonzeroBitCount
            spaceBefore = second >> 56
            offset += 16
        }
        while offset + 8 <= length {
            let spaces = spaceBytes(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            count += (~spaces & high & (spaces << 8 | spaceBefore)).nonzeroBitCount
            spaceBefore = spaces >> 56
            offset += 8
        }
        var previousIsSpace = spaceBefore != 0
        while offset < length {
            let byte = bytes.load(fromByteOffset: offset, as: UInt8.self)
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if previousIsSpace && !isSpace { count += 1 }
            previousIsSpace = isSpace
            offset += 1
        }
        return count
    }

    /// The high bit set in each byte of `word` that is a space, tab, CR or LF (exactly, no carries).
    @inline(__always)
    private static func spaceBytes(_ word: UInt64) -> UInt64 {
        @inline(__always) func zeroBytes(_ value: UInt64) -> UInt64 {
            let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            return ~(((value & low) &+ low) | value | low)
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        return zeroBytes(word ^ (ones &* 0x20)) | zeroBytes(word ^ (ones &* 0x09)) | zeroBytes(word ^ (ones &* 0x0A))
            | zeroBytes(word ^ (ones &* 0x0D))
    }
}

/// Heading ids: the heading's slug, made unique within the page by `-2`, `-3`….
struct HeadingIDs {
    /// The ids given so far: a body has a handful of headings, and looking
    /// through a few strings costs less than making a set for every body; past
    /// `setFrom` they go into a set, so a body of thousands of headings stays quick.
    private var given: [String] = []
    private var givenSet: Set<String>?
    private static let setFrom = 16

    mutating func unique(for text: String) -> String {
        unique(base: Slugger.slug(text) ?? "section")
    }

    /// The same for the UTF-8 bytes of the text.
    mutating func unique(forUTF8 text: UnsafeBufferPointer<UInt8>) -> String {
        unique(base: Slugger.slug(utf8: text) ?? "section")
    }

    private mutating func unique(base: String) -> String {
        var candidate = base
        var counter = 2
        while !insert(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }

    private mutating func insert(_ id: String) -> Bool {
        if givenSet != nil { return givenSet!.insert(id).inserted }
        guard !given.contains(id) else { return false }
        given.append(id)
        if given.count >= Self.setFrom { givenSet = Set(given) }
        return true
    }
}
