import Testing

@testable import SitegenKit

/// `TemplateObject` keeps its members in buffers it manages itself; these tests
/// hold it to a plain ordered model through every kind of change.
@Suite("Template objects")
struct TemplateObjectTests {
    /// Members in insertion order, as the object should hold them.
    private struct Model {
        var members: [(String, TemplateValue)] = []

        subscript(name: String) -> TemplateValue? {
            get { members.first { $0.0 == name }?.1 }
            set {
                let at = members.firstIndex { $0.0 == name }
                switch (at, newValue) {
                case (let at?, let value?): members[at].1 = value
                case (nil, let value?): members.append((name, value))
                case (let at?, nil): members.remove(at: at)
                case (nil, nil): break
                }
            }
        }
    }

    private func expectSame(_ object: TemplateObject, _ model: Model, _ names: [String]) {
        #expect(object.count == model.members.count)
        #expect(Array(object).map(\.0) == model.members.map(\.0))
        for name in names { #expect(object[name] == model[name], "member \(name)") }
        // Where the renderer reads a text's bytes: a long text's own, nothing for anything else.
        withExtendedLifetime(object) {
            for name in names {
                var text = TextBytes.none
                guard object.borrowed.member(name, key: NameKey(name), text: &text) != nil else {
                    #expect(model[name] == nil, "member \(name)")
                    continue
                }
                if case .text(let string)? = model[name], string.utf8.count > 15 {
                    #expect(Array(text.bytes) == Array(string.utf8), "member \(name)")
                } else {
                    #expect(text.bytes.isEmpty, "member \(name)")
                }
            }
        }
    }

    @Test("random sets, replacements and removals, past the index threshold and back, match an ordered model")
    func matchesModel() {
        var random = SystemRandomNumberGenerator()
        // 60 names: objects grow past 32 members (indexed) and shrink below again.
        let names = (0..<60).map { "name\($0)" } + ["a-name-longer-than-fifteen-bytes", "ünïcödé", "\u{212A}", "K"]
        var object = TemplateObject()
        var model = Model()
        var snapshots: [(TemplateObject, Model)] = []
        for step in 0..<4000 {
            let name = names.randomElement(using: &random)!
            switch Int.random(in: 0..<11, using: &random) {
            case 0..<6:
                let value: TemplateValue =
                    step.isMultiple(of: 3) ? .text("value \(step) " + String(repeating: "x", count: step % 40)) : .number(step)
                object[name] = value
                model[name] = value
            case 6..<9:
                object[name] = nil
                model[name] = nil
            case 9:
                // A copy shares the buffers until one side changes: the copy must not see later changes.
                snapshots.append((object, model))
            default:
                // Texts copied into the object's own block, which copies, growth and changes must carry along
                // (in place, the members move when the object holds them alone, and are copied when shared);
                // or room made ahead, copying a shared object.
                switch step % 3 {
                case 0: object = object.compacted()
                case 1: object.compact()
                default: object.reserveCapacity(Int.random(in: 0..<70, using: &random))
                }
            }
        }
        expectSame(object, model, names)
        for (copy, copyModel) in snapshots { expectSame(copy, copyModel, names) }
    }

    @Test("compacting an object no one else holds moves its members: each text is still its own, after others take freed memory")
    func compactInPlace() {
        var object = TemplateObject()
        // Texts only the object holds: were they released as well as moved, their memory would be free for the next texts.
        for number in 0..<8 { object["m\(number)"] = .text(String(repeating: "member \(number) ", count: 4)) }
        object.compact()
        let others = (0..<64).map { String(repeating: "other \($0 % 10) ", count: 5) }
        for number in 0..<8 {
            #expect(object["m\(number)"] == .text(String(repeating: "member \(number) ", count: 4)), "member \(number)")
            var text = TextBytes.none
            let name = "m\(number)"
            withExtendedLifetime(object) {
                _ = object.borrowed.member(name, key: NameKey(name), text: &text)
                #expect(String(decoding: text.bytes, as: UTF8.self) == String(repeating: "member \(number) ", count: 4))
            }
        }
        #expect(others.count == 64)
        // Shared, it is copied: the other holder keeps its members.
        let shared = object
        object.compact()
        object["m0"] = "changed"
        #expect(shared["m0"] == .text(String(repeating: "member 0 ", count: 4)) && object["m0"] == "changed")
    }

    @Test("picking makes a new object of the named members present, in the order named, from a compacted entry too")
    func picking() {
        let entry: TemplateObject = [
            "title": "A title longer than fifteen bytes", "url": "/2025/05/16/talks/", "summary": "Left out.", "date": "16 May 2025",
        ]
        let names = TemplateObject.Names(["url", "title", "dateISO", "date"])
        for source in [entry, entry.compacted()] {
            let picked = source.picking(names)
            #expect(Array(picked.map(\.0)) == ["url", "title", "date"])
            #expect(picked == ["title": "A title longer than fifteen bytes", "url": "/2025/05/16/talks/", "date": "16 May 2025"])
        }
        #expect(TemplateObject().picking(names).isEmpty)
    }

    @Test("a compacted object marks the texts with nothing HTML escapes, and keeps the marks in copies")
    func plainTexts() {
        let original: TemplateObject = [
            "plain": "sixteen bytes..!", "amp": "Tom & Jerry, sixteen+", "quote": "it's more than sixteen", "short": "fifteen bytes..",
        ]
        func isPlain(_ object: TemplateObject, _ name: String) -> Bool? {
            var text = TextBytes.none
            guard object.borrowed.member(name, key: NameKey(name), text: &text) != nil, !text.bytes.isEmpty else { return nil }
            return text.isPlain
        }
        // Not looked for until compacted; short texts keep no bytes to mark.
        #expect(isPlain(original, "plain") == false && isPlain(original, "short") == nil)
        var compacted = original.compacted()
        #expect(isPlain(compacted, "plain") == true)
        #expect(isPlain(compacted, "amp") == false && isPlain(compacted, "quote") == false)
        // Grown past its capacity (its own bytes move to a new block), the marks move along.
        for number in 0..<20 { compacted["extra\(number)"] = .number(number) }
        #expect(isPlain(compacted, "plain") == true && isPlain(compacted, "amp") == false)
        #expect(isPlain(compacted.compacted(), "plain") == true)
    }

    @Test("a compacted object shows its texts from its own block, which outlives the object it was made from")
    func compacted() {
        let long = String(repeating: "long text ", count: 5)
        var compacted: TemplateObject
        do {
            let original: TemplateObject = ["short": "fifteen bytes..", "exactly": "sixteen bytes..!", "long": .text(long), "n": 3]
            compacted = original.compacted()
        }
        var model = Model()
        model.members = [("short", "fifteen bytes.."), ("exactly", "sixteen bytes..!"), ("long", .text(long)), ("n", 3)]
        let names = ["short", "exactly", "long", "n", "missing"]
        expectSame(compacted, model, names)
        // Grown past its capacity, then copied and changed: each copy keeps its own bytes.
        let before = compacted
        for number in 0..<20 {
            compacted["extra\(number)"] = .text("extra text number \(number)")
            model["extra\(number)"] = .text("extra text number \(number)")
        }
        compacted["long"] = "replaced, and longer than fifteen"
        model["long"] = "replaced, and longer than fifteen"
        expectSame(compacted, model, names + (0..<20).map { "extra\($0)" })
        var beforeModel = Model()
        beforeModel.members = Array(model.members.prefix(4))
        beforeModel["long"] = .text(long)
        expectSame(before, beforeModel, names)
    }

    @Test("a name is found exactly when it equals the member's name as a String: by key or as a string")
    func nameKeys() {
        // Kelvin sign and K, é composed and not: equal as Strings, though their bytes differ.
        let names = [
            "", "a", "title", "titlf", "fifteen-bytes..", "sixteen-bytes...", "ünïcödé", "\u{212A}", "K", "e\u{301}", "\u{E9}", "ab",
            "ab\0",
        ]
        for stored in names {
            let object: TemplateObject = [stored: "value", "other": 1]
            for asked in names {
                #expect((object[asked] != nil) == (asked == stored), "\(stored) asked as \(asked)")
                var text = TextBytes.none
                let found = withExtendedLifetime(object) { object.borrowed.member(asked, key: NameKey(asked), text: &text) != nil }
                #expect(found == (asked == stored), "\(stored) looked up as \(asked)")
            }
        }
        #expect(NameKey("fifteen-bytes..").standsForName)
        #expect(NameKey("").standsForName)
        #expect(!NameKey("sixteen-bytes...").standsForName)
        #expect(!NameKey("ünïcödé").standsForName)
        #expect(NameKey("ab") != NameKey("ab\0"))
        #expect(NameKey("title") == NameKey("title"))
    }

    @Test("the first value of a repeated name wins when an object is made from a list")
    func firstWins() {
        let object = TemplateObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object["a"] == 1)
        #expect(object.count == 2)
    }

    @Test("objects with the same members are equal in any order")
    func equality() {
        #expect(TemplateObject([("a", 1), ("b", "x")]) == TemplateObject([("b", "x"), ("a", 1)]))
        #expect(TemplateObject([("a", 1)]) != TemplateObject([("a", 2)]))
    }
}
