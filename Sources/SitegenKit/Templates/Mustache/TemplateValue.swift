/// A value a template can show: the whole page context is made of these.
///
/// Typed on purpose: a context of `Any` costs a dynamic cast on every lookup,
/// which was a quarter of a large build. Literals build values directly
/// (`["title": "Tags", "hasTags": true]`); other values use `.text(…)` and friends.
public enum TemplateValue: Sendable, Equatable {
    case text(String)
    case number(Int)
    case bool(Bool)
    case list([TemplateValue])
    /// A list of values kept in a table for the whole build (`TemplateTable`).
    case picked(PickedItems)
    case object(TemplateObject)

    /// Whether a section `{{#name}}` shows. As in most Mustache engines, only
    /// `false` and empty lists hide a section; an empty string does not, so
    /// contexts carry flags such as `hasSummary`.
    var isTruthy: Bool {
        switch self {
        case .bool(let value): value
        case .list, .picked: itemCount != 0
        case .text, .number, .object: true
        }
    }

    /// How many items a list holds; nil for anything else.
    var itemCount: Int? {
        switch self {
        case .list(let items): items.count
        case .picked(let picked): picked.positions.count
        case .text, .number, .bool, .object: nil
        }
    }
}

/// The top of a page context: names to values.
public typealias TemplateContext = TemplateObject

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByStringInterpolation
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(elements))
    }
}

extension TemplateValue {
    /// A list of objects, the most common shape: `briefings`, `tags`, `feeds`.
    static func list(_ objects: [TemplateContext]) -> TemplateValue { .list(objects.map(TemplateValue.object)) }

    /// A value that may be missing: nothing when absent, so the key stays unset.
    static func optional(_ text: String?) -> TemplateValue? { text.map(TemplateValue.text) }
}
