import Foundation
import Testing

@testable import SitegenKit

/// The template engine, against the Mustache spec's rules that themes rely on.
@Suite("Mustache templates")
struct MustacheTests {
    private func render(_ source: String, _ context: TemplateContext, partials: [String: String] = [:]) throws -> String {
        var templates: [String: CompiledTemplate] = [:]
        for (name, text) in partials.merging(["main": source], uniquingKeysWith: { first, _ in first }) {
            templates[name] = try MustacheParser.parse(text).get()
        }
        var renderer = MustacheRenderer(templates: templates, capacity: 64)
        renderer.render("main", context: context)
        return String(decoding: renderer.output, as: UTF8.self)
    }

    private func syntaxError(_ source: String) -> TemplateSyntaxError? {
        if case .failure(let error) = MustacheParser.parse(source) { return error }
        return nil
    }

    @Test("texts of every length are shown from where they are kept: inline, in their storage, changed, and in copies")
    func textsShownInPlace() throws {
        // 15 bytes is the longest text a String keeps inline; longer ones are shown from their storage.
        let texts = ["", "fifteen bytes!!", "sixteen bytes!!!", "<b>Tom & Jerry's \"show\"</b> " + String(repeating: "é", count: 40)]
        for text in texts {
            let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&#39;")
            let inner: TemplateContext = ["t": .text(text)]
            let context: TemplateContext = ["t": .text(text), "o": .object(inner), "l": .list([inner, inner])]
            #expect(
                try render("{{t}}|{{{t}}}|{{o.t}}|{{#o}}{{t}}{{/o}}|{{#l}}{{{t}}}{{/l}}", context)
                    == "\(escaped)|\(text)|\(escaped)|\(escaped)|\(text)\(text)")
            // Compacted (texts copied into the object's own block), and copies of it changed and grown.
            let compacted = inner.compacted()
            var changed = compacted
            changed["u"] = .text(text + "!")
            for number in 0..<20 { changed["n\(number)"] = .number(number) }
            #expect(
                try render(
                    "{{c.t}}|{{{c.t}}}|{{#l}}{{t}}/{{{t}}};{{/l}}|{{d.t}}|{{{d.t}}}|{{{d.u}}}",
                    ["c": .object(compacted), "l": .list([.object(compacted), .object(compacted.compacted())]), "d": .object(changed)])
                    == "\(escaped)|\(text)|\(escaped)/\(text);\(escaped)/\(text);|\(escaped)|\(text)|\(text)!")
            // Changed copies show their own texts; the original keeps its own.
            var replaced = inner
            replaced["t"] = .text(text + " and a longer tail")
            var grown = inner
            for number in 0..<20 { grown["n\(number)"] = .number(number) }
            #expect(
                try render("{{{o.t}}}/{{{r.t}}}/{{{g.t}}}{{g.n19}}", ["o": .object(inner), "r": .object(replaced), "g": .object(grown)])
                    == "\(text)/\(text) and a longer tail/\(text)19")
        }
        // Not texts: numbers and flags are shown as before.
        #expect(try render("{{n}} {{b}}", ["n": 12_345_678_901_234_567, "b": true]) == "12345678901234567 true")
    }

    @Test("double braces escape & < > \" ' and triple braces or & do not")
    func escaping() throws {
        let context: TemplateContext = ["x": #"<a href="x">Tom & Jerry's</a>"#]
        #expect(try render("{{x}}", context) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(try render("{{{x}}}|{{& x}}", context) == #"<a href="x">Tom & Jerry's</a>|<a href="x">Tom & Jerry's</a>"#)
        #expect(try render("{{x}}", ["x": "Erdoğan – Київ 🙂 e\u{301}"]) == "Erdoğan – Київ 🙂 e\u{301}")
    }

    @Test("numbers and booleans print; missing names print nothing")
    func scalars() throws {
        #expect(try render("{{n}} {{b}} [{{missing}}]", ["n": 42, "b": false]) == "42 false []")
    }

    @Test("sections repeat for lists, show for true and objects, hide for false and empty lists")
    func sections() throws {
        let context: TemplateContext = [
            "items": [["name": "a"], ["name": "b"]], "yes": true, "no": false, "none": [], "thing": ["name": "t"],
        ]
        #expect(try render("{{#items}}{{name}},{{/items}}", context) == "a,b,")
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#none}}E{{/none}}{{#missing}}M{{/missing}}", context) == "Y")
        #expect(try render("{{^no}}!N{{/no}}{{^none}}!E{{/none}}{{^missing}}!M{{/missing}}{{^yes}}!Y{{/yes}}", context) == "!N!E!M")
        #expect(try render("{{#thing}}{{name}}{{/thing}}", context) == "t")
        #expect(try render("{{#items}}{{.}}{{/items}}{{#list}}[{{.}}]{{/list}}", ["list": ["x", "y"]]) == "[x][y]")
    }

    @Test("names are found in enclosing sections, and dotted names only inside their first part")
    func lookup() throws {
        let context: TemplateContext = ["outer": "O", "a": ["b": ["c": "deep"]], "list": [["x": 1]], "b": ["c": "ERROR"]]
        #expect(try render("{{#list}}{{x}}{{outer}}{{/list}}", context) == "1O")
        #expect(try render("{{a.b.c}}|{{a.b.missing}}|{{a.x.c}}", context) == "deep||")
        #expect(try render("{{#a}}{{b.c}}{{/a}}", ["a": ["b": [:]], "b": ["c": "ERROR"]]) == "")
    }

    @Test("a tag alone on its line takes the line with it")
    func standaloneLines() throws {
        let source = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n  {{! a comment }}\nend"
        #expect(try render(source, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\nend")
        #expect(try render("a {{#t}}x{{/t}} b\n", ["t": true]) == "a x b\n")
        #expect(try render("{{#t}}\r\nx\r\n{{/t}}\r\n", ["t": true]) == "x\r\n")
    }

    @Test("a standalone partial is indented line by line; an inline one is not")
    func partials() throws {
        let partials = ["item": "<b>{{name}}</b>\n<i>x</i>\n"]
        #expect(try render("<div>\n  {{> item}}\n</div>", ["name": "n"], partials: partials) == "<div>\n  <b>n</b>\n  <i>x</i>\n</div>")
        #expect(try render("[{{>item}}]", ["name": "n"], partials: partials) == "[<b>n</b>\n<i>x</i>\n]")
    }

    @Test("a child template replaces its parent's blocks; the most derived one wins")
    func inheritance() throws {
        let partials = [
            "base": "<title>{{$title}}Default{{/title}}</title>\n{{$body}}empty{{/body}}",
            "middle": "{{<base}}{{$title}}Middle{{/title}}{{$body}}middle body{{/body}}{{/base}}",
        ]
        #expect(
            try render("{{<base}}{{$body}}Hi {{name}}{{/body}}{{/base}}", ["name": "Ana"], partials: partials)
                == "<title>Default</title>\nHi Ana")
        #expect(
            try render("{{<middle}}{{$title}}Child{{/title}}{{/middle}}", [:], partials: partials) == "<title>Child</title>\nmiddle body")
    }

    @Test("set-delimiter tags change the tag markers")
    func delimiters() throws {
        #expect(try render("{{=<% %>=}}<% x %> {{x}} <%={{ }}=%>{{x}}", ["x": "1"]) == "1 {{x}} 1")
    }

    @Test("syntax errors point at the tag, in words")
    func errors() throws {
        let mismatched = try #require(syntaxError("line one\n{{#a}}\n{{/b}}\n"))
        #expect(mismatched == TemplateSyntaxError(line: 3, column: 1, message: mismatched.message))
        #expect(mismatched.message.contains("closed with a different name") && mismatched.message.contains("line 2"))
        #expect(
            syntaxError("ok\n  {{#open}}\n")
                == TemplateSyntaxError(line: 2, column: 3, message: "section 'open' is never closed: add {{/open}}"))
        #expect(syntaxError("a\nb {{name\n") == TemplateSyntaxError(line: 2, column: 3, message: "a tag is not closed with }}"))
        #expect(syntaxError("{{/x}}")?.message == "{{/x}} closes a section that was never opened")
        #expect(syntaxError("ç {{}}") == TemplateSyntaxError(line: 1, column: 3, message: "a tag has no name"))
        #expect(syntaxError("{{<base}}text{{/base}}")?.message.contains("only block definitions") == true)
        #expect(syntaxError("{{=<%=}}")?.message.contains("set-delimiter") == true)
    }

    @Test("a site's template override escapes {{value}} and leaves {{{value}}} raw, with no stray blank line")
    func siteTemplates() throws {
        let site = try TestSite([
            "templates/briefing.mustache": "{{briefing.title}}|{{{briefing.title}}}\n",
            "content/a.md": "---\ntitle: \"<b>Tom & Jerry</b>\"\ndate: 2025-01-01\n---\nBody.\n",
        ])
        _ = try site.built()
        #expect(try site.read("2025/01/01/a/index.html") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;|<b>Tom & Jerry</b>\n")
    }
}
