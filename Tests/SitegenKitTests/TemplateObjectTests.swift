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
                guard object.borrowed.member(name, text: &text) != nil else {
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
        // 40 names: objects grow past 16 members (indexed) and shrink below again.
        let names = (0..<40).map { "name\($0)" } + ["a-name-longer-than-fifteen-bytes", "ünïcödé"]
        var object = TemplateObject()
        var model = Model()
        var snapshots: [(TemplateObject, Model)] = []
        for step in 0..<4000 {
            let name = names.randomElement(using: &random)!
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6:
                let value: TemplateValue =
                    step.isMultiple(of: 3) ? .text("value \(step) " + String(repeating: "x", count: step % 40)) : .number(step)
                object[name] = value
                model[name] = value
            case 6..<9:
                object[name] = nil
                model[name] = nil
            default:
                // A copy shares the buffers until one side changes: the copy must not see later changes.
                snapshots.append((object, model))
            }
        }
        expectSame(object, model, names)
        for (copy, copyModel) in snapshots { expectSame(copy, copyModel, names) }
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
