import Foundation
import Mustache

/// The templates a site renders with: the built-in theme, with any
/// `templates/NAME.mustache` of the site's own in place of the same name.
struct TemplateLibrary: Sendable {
    let library: MustacheLibrary
    /// Where each template came from, for messages.
    let origins: [String: String]

    static func load(siteTemplates: URL, displayPath: (URL) -> String) -> Result<TemplateLibrary, BuildFailure> {
        var sources: [String: (text: String, path: String)] = [:]
        for (name, text) in DefaultTheme.templates { sources[name] = (text, "(built-in) templates/\(name).mustache") }
        var diagnostics: [Diagnostic] = []
        let files = (try? FileManager.default.contentsOfDirectory(at: siteTemplates, includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension == "mustache" {
            let path = displayPath(file)
            do {
                sources[file.deletingPathExtension().lastPathComponent] = (try TextFile.read(file, displayPath: path), path)
            } catch {
                diagnostics.append(error)
            }
        }
        var library = MustacheLibrary()
        _ = FastHTMLEscaping.registered
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                library.register(try MustacheTemplate(string: FastHTMLEscaping.pragma + source.text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                // Running out of text means a tag never closed; swift-mustache then
                // points at the end of the file, so point at the unclosed `{{` instead.
                let unclosed = "\(error.error)" == "overflow" ? unclosedTag(in: source.text) : nil
                let message = unclosed != nil ? "a tag is not closed with }}" : describe(error.error)
                // The escaping pragma is a line of its own in front of the user's text.
                let line = unclosed?.line ?? max(1, error.context.lineNumber - FastHTMLEscaping.lineOffset)
                diagnostics.append(
                    Diagnostic(
                        path: source.path, line: line,
                        column: unclosed?.column ?? error.context.columnNumber, message: "template error: \(message)"))
            } catch {
                diagnostics.append(Diagnostic(path: source.path, message: "template error: \(error)"))
            }
            diagnostics += missingPartials(in: source.text, path: source.path, known: sources)
        }
        guard diagnostics.isEmpty else { return .failure(BuildFailure(diagnostics)) }
        return .success(TemplateLibrary(library: library, origins: sources.mapValues(\.path)))
    }

    func render(_ context: [String: Any], template name: String) -> String {
        // Every name the pipeline asks for is a built-in template, so it always exists.
        library.render(context, withTemplate: name) ?? ""
    }

    /// swift-mustache renders a missing partial or parent as nothing; a typo in
    /// `{{> heaedr}}` would silently drop part of every page, so it is an error.
    private static func missingPartials(in text: String, path: String, known: [String: (text: String, path: String)]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (lineNumber, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let sigil = after.first, sigil == ">" || sigil == "<",
                    let close = after.range(of: "}}")
                else {
                    rest = after
                    continue
                }
                let name = after[after.index(after: after.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !name.hasPrefix("*"), known[name] == nil {
                    let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                    diagnostics.append(
                        Diagnostic(
                            path: path, line: lineNumber + 1, column: column,
                            message: "template '\(name)' does not exist; known templates: \(known.keys.sorted().joined(separator: ", "))"))
                }
                rest = after[close.upperBound...]
            }
        }
        return diagnostics
    }

    /// Line and column of the first `{{` with no `}}` after it.
    private static func unclosedTag(in text: String) -> (line: Int, column: Int)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else {
                    return (index + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1)
                }
                rest = rest[close.upperBound...]
            }
        }
        return nil
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "a section is closed with a different name than it was opened with"
        case MustacheTemplate.Error.unfinishedName: "a tag is not closed with }}"
        case MustacheTemplate.Error.expectedSectionEnd: "a section is never closed"
        case MustacheTemplate.Error.invalidSetDelimiter: "invalid set-delimiter tag"
        case MustacheTemplate.Error.invalidConfigVariableSyntax: "invalid pragma syntax"
        case MustacheTemplate.Error.illegalTokenInsideInheritSection: "only block definitions may stand inside a parent tag"
        case MustacheTemplate.Error.textInsideInheritSection: "only block definitions may stand inside a parent tag"
        default: "\(error)"
        }
    }
}
