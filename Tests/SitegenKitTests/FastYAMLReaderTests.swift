import Testing
import Yams

@testable import SitegenKit

/// The fast front-matter reader must agree with Yams, node for node and mark
/// for mark, on everything it accepts, and must leave to Yams everything Yams
/// rejects.
@Suite("Fast YAML reader")
struct FastYAMLReaderTests {
    /// Yams' reading of `text` in sitegen's shape, or nil when Yams rejects it.
    private func reference(_ text: String) -> YAMLNode?? {
        guard let node = try? Yams.compose(yaml: text) else { return .some(nil) }
        var budget = 10_000
        return .some(YAMLNode.converting(node, budget: &budget))
    }

    private func describe(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        let at = "@\(node.mark.line):\(node.mark.column)"
        switch node {
        case .scalar(let scalar): return "\(scalar.string.debugDescription)/\(scalar.kind)\(at)"
        case .sequence(let items, _): return "[" + items.map(describe).joined(separator: ", ") + "]\(at)"
        case .mapping(let pairs, _):
            return "{" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}\(at)"
        case .alias: return "alias\(at)"
        }
    }

    /// Fast and Yams agree whenever the fast reader answers; when Yams fails, it does not answer.
    private func expectAgreement(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let fast = FastYAMLReader.read(text) else { return }
        switch reference(text) {
        case .some(.some(let yams)):
            #expect(describe(fast) == describe(yams), "\(text.debugDescription)", sourceLocation: sourceLocation)
        default:
            Issue.record("fast reader accepted text Yams rejects: \(text.debugDescription)", sourceLocation: sourceLocation)
        }
    }

    @Test("typical front matter is read by the fast reader, exactly as Yams reads it")
    func typical() throws {
        let documents = [
            "title: \"Inflation ministry envoy\"\ndate: 2020-01-01T18:43:39+00:00\ntags: [alliance-governor, elections, security]\n"
                + "summary: \"Delegation budget – exchange.\"\nsource:\n  name: \"Tokyo Desk\"\n  url: https://example.org/news/4676\n",
            "title: Talks resume in Istanbul — Erdoğan hosts\ndate: 2025-05-16 10:30\ntags:\n  - Erdoğan\n  - 'prisoner exchange'\n"
                + "story: istanbul-talks\nsources:\n  - name: Reuters\n    url: https://example.com/a\n  - name: AP\ndraft: false\n",
            "# a comment\ntitle: 'It''s here' # trailing comment\n\ndate: 2025-06-02\r\nweight: 3\nratio: 1.5\nempty_list: []\n",
        ]
        for text in documents {
            #expect(FastYAMLReader.read(text) != nil, "\(text.debugDescription)")
            expectAgreement(text)
        }
    }

    @Test("generated documents: wherever the fast reader answers, it agrees with Yams")
    func generated() {
        let keys = ["title", "date", "tags", "summary", "yes", "x-y", "n_1", "url"]
        let values = [
            "plain words", "Erdoğan – talks’ “quoted”", "a:b", "a: b", "x #y", "x#y", "trailing   ", "12", "1_000", "-5", "3.5", ".inf",
            "yes", "No", "~", "null", "2025-05-16", "2020-01-01T18:43:39+00:00", "\"a \\\"b\\\" c\"", "'it''s'", "\"\\u00e9\"",
            "\"unclosed", "'unclosed", "[a, b, \"c d\"]", "[]", "[ a ,b ]", "[a,]", "[a, [b]]", "[a: b]", "{a: b}", "&anchor x",
            "*alias", "!!str 5", "|", ">", "- item", "-item", "\"tab\\there\"", "a ]", "@x", "`x`", "%x", "\"\"", "''", "[\"x, y\", 'z']",
            "\"é\"", "value # comment", "\u{2028}x", "x\u{85}y", "\"a\\/b\"",
        ]
        let blocks = [
            "\n  - one\n  - two", "\n- indentless", "\n  name: X\n  url: Y", "\n  - name: A\n    url: B\n  - name: C",
            "\n    deep: 1\n  shallow: 2", "\n  - a\n    b", "\n  nested:\n    - x", "", "\n  - [a, b]\n  - 'q'", "\n  -\n    x: 1",
        ]
        var seed: UInt64 = 0x5EED
        func pick(_ count: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(count))
        }
        var accepted = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<(1 + pick(5)) {
                let key = keys[pick(keys.count)]
                switch pick(4) {
                case 0: text += "\(key):\(blocks[pick(blocks.count)])\n"
                case 1: text += "# note\n\n\(key): \(values[pick(values.count)])\n"
                default: text += "\(key): \(values[pick(values.count)])\(pick(5) == 0 ? "\r" : "")\n"
                }
            }
            if FastYAMLReader.read(text) != nil { accepted += 1 }
            expectAgreement(text)
        }
        // The comparison above is only worth something if the fast reader often answers.
        #expect(accepted > 300)
    }

    @Test("short plain scalars: each YAML 1.1 word has its kind, and words that only resemble one are strings")
    func scalarWords() {
        let words: [(ScalarKind, [String])] = [
            (.null, ["", "~", "null", "Null", "NULL"]),
            (
                .bool,
                [
                    "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON",
                    "off", "Off", "OFF", "y", "Y", "n", "N",
                ]
            ),
            (.float, [".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN"]),
            // Keys and tags every front matter has, other spellings, prefixes, and a NUL
            // (the empty word must not match a text of zero bytes).
            (
                .string,
                [
                    "title", "date", "tags", "url", "name", "trade", "nulL", "tRue", "nul", "ye", "o", "of", ".in", "+.NaN",
                    "\u{0}", "\u{0}\u{0}", "é", "nö",
                ]
            ),
        ]
        for (kind, texts) in words {
            for text in texts { #expect(ScalarKind(plain: text) == kind, "\(text.debugDescription)") }
        }
        // Numbers are still told by their digits.
        #expect(ScalarKind(plain: "12") == .int)
        #expect(ScalarKind(plain: "1.5") == .float)
    }

    @Test("a duplicate key, an empty value or a multi-line value is left to Yams")
    func declines() {
        #expect(FastYAMLReader.read("a: 1\na: 2\n") == nil)
        #expect(FastYAMLReader.read("a:\nb: 2\n") == nil)
        #expect(FastYAMLReader.read("a: one\n  two\n") == nil)
        #expect(FastYAMLReader.read("a: |\n  text\n") == nil)
        #expect(FastYAMLReader.read("") == nil)
    }
}
