import Foundation

/// Reads the optional `stories.yml`: story key → `{title, description}` (or just
/// a title string).
enum StoryCatalogLoader {
    static let fileName = "stories.yml"

    static func load(siteRoot: URL, displayPath: (URL) -> String) -> (StoryCatalog, [Diagnostic]) {
        let url = siteRoot.appending(path: fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return (StoryCatalog(), []) }
        let path = displayPath(url)
        let document: YAMLDocument
        do {
            document = try YAMLDocument(text: try TextFile.read(url, displayPath: path), path: path, firstLine: 1, what: fileName)
        } catch {
            return (StoryCatalog(), [error])
        }
        var reader = FieldReader(document: document, what: fileName)
        var catalog = StoryCatalog()
        for field in reader.fields {
            switch field.value {
            case .scalar:
                catalog.entries[field.key] = .init(title: reader.string(field.value, field: field.key), description: nil)
            case .mapping(let mapping, _):
                var entry = StoryCatalog.Entry()
                for (keyNode, value) in mapping {
                    switch keyNode.string {
                    case "title": entry.title = reader.string(value, field: "title")
                    case "description": entry.description = reader.string(value, field: "description")
                    default:
                        reader.report(
                            "unknown key '\(keyNode.string ?? "?")' in story '\(field.key)'; accepted keys: title, description",
                            at: keyNode)
                    }
                }
                catalog.entries[field.key] = entry
            default:
                reader.report("story '\(field.key)' must be a title or a mapping with title and description", at: field.value)
            }
        }
        return (catalog, reader.diagnostics)
    }
}
