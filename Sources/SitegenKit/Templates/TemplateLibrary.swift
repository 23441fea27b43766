import Foundation

/// The templates a site renders with: the built-in theme, with any
/// `templates/NAME.mustache` of the site's own in place of the same name.
struct TemplateLibrary: Sendable {
    let program: MustacheProgram
    /// Where each template came from, for messages.
    let origins: [String: String]
    /// Each template's text, by name: what the build cache fingerprints.
    let sources: [String: String]

    /// One hash of every template's name and text.
    var sourceHash: UInt64 {
        var builder = FingerprintBuilder()
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            builder.add(name)
            builder.add(text)
        }
        return builder.finish()
    }

    /// Whether any template could refer to `name`: a tag must spell it out.
    func mentions(_ name: String) -> Bool { sources.values.contains { $0.containsBytes(of: name) } }

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
        var compiled: [String: CompiledTemplate] = [:]
        let builtIn = DefaultTheme.templates
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            switch MustacheParser.parse(source.text) {
            case .success(let template): compiled[name] = template
            case .failure(let error):
                diagnostics.append(
                    Diagnostic(path: source.path, line: error.line, column: error.column, message: "template error: \(error.message)"))
            }
            // The built-in theme's own tags name only built-in templates, which a
            // site can replace but not remove (`ThemeTests` holds it to that):
            // scanning its text on every build was most of loading the templates.
            if builtIn[name] != source.text {
                diagnostics += missingPartials(in: source.text, path: source.path, known: sources)
            }
        }
        guard diagnostics.isEmpty else { return .failure(BuildFailure(diagnostics)) }
        return .success(
            TemplateLibrary(program: MustacheProgram(compiled), origins: sources.mapValues(\.path), sources: sources.mapValues(\.text)))
    }

    /// The page as UTF-8 bytes, ready to write.
    func render(_ context: TemplateContext, template name: String) -> [UInt8] {
        render(context, template: name) { Array($0) }
    }

    /// The page's UTF-8 bytes lent to `use` (to write them), without copying
    /// them out of the renderer's buffer first.
    func render<Result, Failure: Error>(
        _ context: TemplateContext, template name: String, _ use: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var renderer = MustacheRenderer(program: program, capacity: 32 * 1024)
        renderer.render(name, context: context)
        return try renderer.withOutput(use)
    }

    func renderText(_ context: TemplateContext, template name: String) -> String {
        String(decoding: render(context, template: name), as: UTF8.self)
    }

    /// Mustache renders a missing partial or parent as nothing; a typo in
    /// `{{> heaedr}}` would silently drop part of every page, so it is an error.
    static func missingPartials(in text: String, path: String, known: [String: (text: String, path: String)]) -> [Diagnostic] {
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
}
