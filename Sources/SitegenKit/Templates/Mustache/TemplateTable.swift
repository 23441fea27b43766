import Foundation

/// Values made once for a whole build (every briefing's list entry, every
/// tag's entry), in storage that never moves, for lists that pick from them.
///
/// A list of values copied out of an array retains each value as it is put in
/// and releases it when the page is done. The list entries are shared by every
/// page and both cores, so each count changed was a cache line taken from the
/// other core: a tenth of rendering pages was reference counting. A list picked
/// from a table (`PickedItems`) holds positions instead, and the renderer reads
/// the values where they are.
final class TemplateTable: @unchecked Sendable {
    // Written only while made; read-only while shared.
    private let values: UnsafeMutableBufferPointer<TemplateValue>

    init(_ values: [TemplateValue]) {
        self.values = .allocate(capacity: values.count)
        _ = self.values.initialize(fromContentsOf: values)
    }

    deinit {
        values.deinitialize()
        values.deallocate()
    }

    var count: Int { values.count }

    subscript(position: Int) -> TemplateValue { values[position] }

    /// Where the value at `position` lives, for as long as the table does.
    func address(_ position: Int) -> UnsafePointer<TemplateValue> { UnsafePointer(values.baseAddress! + position) }

    private let renderedLock = NSLock()
    // Guarded by `renderedLock`. A handful: one per section that lists this
    // table. Each holds its program, so no later program takes its address.
    nonisolated(unsafe) private var rendered: [(program: MustacheProgram, section: Int, items: RenderedItems)] = []

    /// This table's items as the section at `section` of `program` renders
    /// them, kept as they are rendered.
    func renderedItems(_ program: MustacheProgram, section: Int) -> RenderedItems {
        renderedLock.withLock {
            if let kept = rendered.first(where: { $0.program === program && $0.section == section }) { return kept.items }
            let items = RenderedItems(count: count)
            rendered.append((program, section, items))
            return items
        }
    }

    /// A list of the values at `positions`, in that order. The table must
    /// outlive the list: it is not retained (see `PickedItems`).
    /// `recurring`: other pages list the same items too (see `PickedItems.recurs`).
    func picking(_ positions: [Int], recurring: Bool = true) -> TemplateValue {
        .picked(PickedItems(table: self, positions: positions, recurs: recurring))
    }
}

/// A list made of a table's values by position, holding the table without
/// retaining it: the tables are the build's own (`BriefingContext`), made
/// before any page context and kept until every page is written.
public struct PickedItems: @unchecked Sendable, Equatable {
    unowned(unsafe) let table: TemplateTable
    let positions: [Int]
    /// Whether other pages list the same items, so their rendered bytes are
    /// worth keeping (`RenderedItems`): a tag page's entries are, a month
    /// page's are not (each briefing is in one month).
    var recurs = true

    var items: [TemplateValue] { positions.map { table[$0] } }

    /// The same items in the same order, wherever they were picked from.
    public static func == (a: PickedItems, b: PickedItems) -> Bool { a.items == b.items }
}
