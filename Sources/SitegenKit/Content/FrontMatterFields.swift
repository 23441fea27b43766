import Foundation

/// The typed front matter of a briefing before its body is rendered. A class,
/// immutable once read: the cache hands the same one to every build step.
final class FrontMatter: Sendable {
    let title: String
    let date: SiteDate
    let updated: SiteDate?
    let tags: [String]
    let summary: String?
    let slug: String
    let draft: Bool
    let sources: [BriefingSource]
    let story: String?
    let author: String?
    let params: BriefingParams

    init(
        title: String, date: SiteDate, updated: SiteDate?, tags: [String], summary: String?, slug: String, draft: Bool,
        sources: [BriefingSource], story: String?, author: String?, params: BriefingParams
    ) {
        (self.title, self.date, self.updated, self.tags, self.summary, self.slug) = (title, date, updated, tags, summary, slug)
        (self.draft, self.sources, self.story, self.author, self.params) = (draft, sources, story, author, params)
    }
}

/// Reads and checks each front matter field, collecting every problem.
struct FrontMatterFields {
    var reader: FieldReader

    /// Nil when a required field is missing or broken (the reader holds why).
    mutating func read(config: SiteConfig, fileName: String) -> FrontMatter? {
        let title = requiredText("title")
        let date = requiredDate("date", timeZone: config.timeZone)
        let updated = optionalDate("updated", timeZone: config.timeZone)
        let tags = readTags()
        let summary = reader.string("summary")
        let slug = readSlug(fileName: fileName)
        let draft = reader.bool("draft") ?? false
        let sources = readSources()
        let story = optionalKey("story")
        let author = reader.string("author")
        let params = readParams()
        guard let title, let date, let slug else { return nil }
        return FrontMatter(
            title: title, date: date, updated: updated, tags: tags, summary: summary, slug: slug, draft: draft,
            sources: sources, story: story, author: author, params: BriefingParams(params))
    }

    private var rootLocation: SourceLocation {
        reader.document.root.map { reader.document.location(of: $0) }
            ?? SourceLocation(path: reader.document.path, line: 1, column: 1)
    }

    private mutating func requiredText(_ key: String) -> String? {
        guard let node = reader.node(key) else {
            reader.report("missing required field '\(key)'", at: rootLocation)
            return nil
        }
        guard let text = reader.string(node, field: key) else {
            if node.isNull { reader.report("'\(key)' has no value", at: node) }
            return nil
        }
        if text.trimming(.whitespacesAndNewlines).isEmpty {
            reader.report("'\(key)' must not be empty", at: node)
            return nil
        }
        return text
    }

    private mutating func requiredDate(_ key: String, timeZone: TimeZone) -> SiteDate? {
        guard let node = reader.node(key) else {
            reader.report("missing required field '\(key)'", at: rootLocation)
            return nil
        }
        if node.isNull {
            reader.report("'\(key)' has no value; use \(DateParser.acceptedForms)", at: node)
            return nil
        }
        return optionalDate(key, timeZone: timeZone)
    }

    private mutating func optionalDate(_ key: String, timeZone: TimeZone) -> SiteDate? {
        guard let node = reader.node(key), let text = reader.string(node, field: key) else { return nil }
        do {
            return try DateParser.parse(text, timeZone: timeZone)
        } catch {
            switch error {
            case .malformed: reader.report("'\(key)' \"\(text)\" is not a date; use \(DateParser.acceptedForms)", at: node)
            case .outOfRange(let why): reader.report("'\(key)' \"\(text)\" is not a valid date: \(why)", at: node)
            }
            return nil
        }
    }

    /// Every tag page and tag feed lists the briefing with all its tags, so the
    /// output grows with the square of one briefing's tag count (100,000 tags
    /// would be about 500 GB); past this many it is an error instead.
    static let maxTags = 100

    private mutating func readTags() -> [String] {
        var seen = FewStrings()
        var tags: [String] = []
        for (name, node) in reader.stringList("tags", itemName: "a tag") {
            let trimmed = name.trimming(.whitespacesAndNewlines)
            guard let slug = Slugger.slug(trimmed) else {
                reader.report("tag \"\(name)\" has no letters or digits to make a URL from", at: node)
                continue
            }
            if seen.insert(slug) { tags.append(trimmed) }
        }
        if tags.count > Self.maxTags, let node = reader.node("tags") {
            reader.report("'tags' holds \(tags.count) different tags; a briefing may have at most \(Self.maxTags)", at: node)
            return []
        }
        return tags
    }

    private mutating func readSlug(fileName: String) -> String? {
        if let node = reader.node("slug"), let text = reader.string(node, field: "slug") {
            guard let slug = Slugger.slug(text) else {
                reader.report("slug \"\(text)\" has no letters or digits to make a URL from", at: node)
                return nil
            }
            return slug
        }
        var stem = fileName.deletingPathExtension
        // A leading YYYY-MM-DD- only orders files on disk; the URL holds the date already.
        if let rest = Self.afterDatePrefix(stem) {
            stem = rest
        } else {
            let datePrefix = stem.prefix(11)
            if datePrefix.count == 11, datePrefix.last == "-", (try? DateParser.parse(String(datePrefix.dropLast()), timeZone: .gmt)) != nil
            {
                stem = String(stem.dropFirst(11))
            }
        }
        guard let slug = Slugger.slug(stem) else {
            reader.report("file name \"\(fileName)\" gives no slug; add a 'slug:' field", at: rootLocation)
            return nil
        }
        return slug
    }

    /// The name after a `YYYY-MM-DD-` prefix of ASCII digits that is a real
    /// date, read from the bytes; nil when the name is not so plainly dated,
    /// which the caller then checks character by character (as it did for every
    /// name: grapheme breaking and a date parsed from a new string, per file).
    /// The byte after the prefix must be ASCII, so that the first eleven bytes
    /// are the first eleven characters.
    private static func afterDatePrefix(_ stem: String) -> String? {
        let utf8 = stem.utf8
        guard utf8.count >= 11 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        for byte in utf8.prefix(12) { bytes.append(byte) }
        let digit: ClosedRange<UInt8> = UInt8(ascii: "0")...UInt8(ascii: "9")
        let dashes = [4, 7, 10]
        guard (0..<11).allSatisfy({ dashes.contains($0) ? bytes[$0] == UInt8(ascii: "-") : digit.contains(bytes[$0]) }),
            bytes.count == 11 || bytes[11] < 0x80,
            (try? DateParser.parse(String(decoding: bytes[0..<10], as: UTF8.self), timeZone: .gmt)) != nil
        else { return nil }
        return String(decoding: utf8.dropFirst(11), as: UTF8.self)
    }

    private mutating func optionalKey(_ key: String) -> String? {
        guard let node = reader.node(key), let text = reader.string(node, field: key) else { return nil }
        guard Slugger.slug(text) != nil else {
            reader.report("'\(key)' \"\(text)\" has no letters or digits to make a URL from", at: node)
            return nil
        }
        return text
    }

    private mutating func readSources() -> [BriefingSource] {
        guard let node = reader.node("sources") else { return [] }
        guard case .sequence(let items, _) = node else {
            if case .scalar(let scalar) = node, ScalarKind(scalar) == .null { return [] }
            reader.report("'sources' must be a list of {name, url} entries, found \(node.kindDescription)", at: node)
            return []
        }
        var sources: [BriefingSource] = []
        for item in items {
            guard case .mapping(let mapping, _) = item else {
                reader.report("a source must be a mapping with 'name' and 'url', found \(item.kindDescription)", at: item)
                continue
            }
            var name: String?
            var url: String?
            for (keyNode, value) in mapping {
                switch keyNode.string {
                case "name": name = reader.string(value, field: "name")
                case "url":
                    url = reader.string(value, field: "url")
                    if let link = url, !URLSafety.isSafeLink(link) {
                        reader.report("source url \"\(link)\" must be an http(s), mailto: or relative URL", at: value)
                        url = nil
                    }
                default:
                    reader.report("unknown key '\(keyNode.string ?? "?")' in a source; accepted keys: name, url", at: keyNode)
                }
            }
            guard let name, !name.isEmpty else {
                reader.report("a source needs a 'name'", at: item)
                continue
            }
            sources.append(BriefingSource(name: name, url: url))
        }
        return sources
    }

    private mutating func readParams() -> [(String, ParamValue)] {
        var budget = ParamBudget()
        return reader.fields.filter { !BriefingLoader.knownKeys.contains($0.key) }.compactMap { field in
            guard let value = ParamValue(field.value, budget: &budget) else {
                reader.report("'\(field.key)' is too large or too deeply nested (over \(ParamBudget.limit) values)", at: field.value)
                return nil
            }
            return (field.key, value)
        }
    }
}

/// Caps how many YAML values `params` may hold, so an alias bomb ("billion
/// laughs"), which YAML stores compactly but expands on reading, fails fast.
struct ParamBudget {
    static let limit = 10_000
    var remaining = limit
}

extension ParamValue {
    init?(_ node: YAMLNode, budget: inout ParamBudget, depth: Int = 0) {
        budget.remaining -= 1
        guard budget.remaining >= 0, depth < 64 else { return nil }
        switch node {
        case .scalar(let scalar):
            switch ScalarKind(scalar) {
            case .bool: self = .bool(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"].contains(scalar.string))
            case .int, .float: self = .number(scalar.string)
            case .null: self = .string("")
            case .string: self = .string(scalar.string)
            }
        case .sequence(let sequence, _):
            var items: [ParamValue] = []
            for item in sequence {
                guard let value = ParamValue(item, budget: &budget, depth: depth + 1) else { return nil }
                items.append(value)
            }
            self = .list(items)
        case .mapping(let mapping, _):
            var keys: [String] = []
            var values: [ParamValue] = []
            for (key, value) in mapping {
                guard let converted = ParamValue(value, budget: &budget, depth: depth + 1) else { return nil }
                keys.append(key.string ?? "")
                values.append(converted)
            }
            self = .map(keys, values)
        case .alias:
            self = .string("")
        }
    }
}
