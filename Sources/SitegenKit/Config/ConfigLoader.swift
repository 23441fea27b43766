import Foundation

/// Reads `site.yml`. A missing file means defaults; every problem in a present
/// one is reported with its line, and unknown keys are errors, since a typo
/// (`basURL:`) silently ignored would publish a broken site.
enum ConfigLoader {
    static let fileName = "site.yml"

    static func load(siteRoot: URL, displayPath: (URL) -> String) -> (SiteConfig, [Diagnostic]) {
        let url = siteRoot.appending(path: fileName)
        let path = displayPath(url)
        var config = SiteConfig()
        guard FileManager.default.fileExists(atPath: url.path) else { return (config, []) }
        let text: String
        do {
            text = try TextFile.read(url, displayPath: path)
        } catch {
            return (config, [error])
        }
        let document: YAMLDocument
        do {
            document = try YAMLDocument(text: text, path: path, firstLine: 1, what: fileName)
        } catch {
            return (config, [error])
        }
        var reader = FieldReader(document: document, what: fileName)
        for field in reader.fields where !SiteConfig.acceptedKeys.contains(field.key) {
            reader.report(
                "unknown key '\(field.key)' in \(fileName); accepted keys: \(SiteConfig.acceptedKeys.joined(separator: ", "))",
                at: field.keyNode)
        }
        if let title = reader.string("title") { config.title = title }
        if let node = reader.node("baseURL"), let text = reader.string("baseURL") {
            if let base = SiteConfig.normalizedBaseURL(text) {
                config.baseURL = base
            } else {
                reader.report("baseURL must be an absolute http(s) URL such as \"https://example.org/\", found \"\(text)\"", at: node)
            }
        }
        if let language = reader.string("language") { config.language = language }
        if let node = reader.node("timeZone"), let name = reader.string("timeZone") {
            if let zone = TimeZone(identifier: name) {
                config.timeZone = zone
            } else {
                reader.report("unknown time zone \"\(name)\"; use an IANA name such as \"Europe/Istanbul\" or \"UTC\"", at: node)
            }
        }
        if let description = reader.string("description") { config.description = description }
        if let node = reader.node("pageSize"), let size = reader.int("pageSize") {
            if (1...10_000).contains(size) {
                config.pageSize = size
            } else {
                reader.report("pageSize must be between 1 and 10000, found \(size)", at: node)
            }
        }
        if let unsafe = reader.bool("unsafeHTML") { config.unsafeHTML = unsafe }
        return (config, reader.diagnostics)
    }
}
