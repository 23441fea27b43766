import CSitegenSystem

/// A table's items as one section of the theme renders them, kept for every
/// later page that shows the same item in the same section.
///
/// A briefing's list entry is rendered on the home pages and each of its tags'
/// pages, and its link beside each briefing it is related to: 97,555 entries
/// for the 10,000-briefing reference corpus (47,550 and 50,005), each the same
/// bytes every time in its section. The renderer keeps an
/// item's bytes only when rendering it looked up nothing outside the item
/// (`MustacheRenderer.renderKept`), so the bytes depend on the item alone.
///
/// Filled by both cores at once: each slot is filled once, atomically; a
/// thread that finds it filled meanwhile drops its own copy (the same bytes).
final class RenderedItems: @unchecked Sendable {
    /// Per item: nil, or a block holding the byte count and then the bytes.
    private let slots: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: Swift.max(count, 1))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        for position in 0..<count { slots[position]?.deallocate() }
        slots.deallocate()
    }

    /// The item's bytes, if kept.
    func bytes(at position: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let block = sitegen_slot_load(slots + position) else { return nil }
        let length = block.load(as: Int.self)
        return UnsafeBufferPointer(start: (block + MemoryLayout<Int>.stride).assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// Keeps a copy of `bytes` as the item's, unless another thread kept it first.
    func keep(_ bytes: UnsafeRawBufferPointer, at position: Int) {
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<Int>.stride + bytes.count, alignment: MemoryLayout<Int>.alignment)
        block.storeBytes(of: bytes.count, as: Int.self)
        if let base = bytes.baseAddress { (block + MemoryLayout<Int>.stride).copyMemory(from: base, byteCount: bytes.count) }
        if sitegen_slot_fill(slots + position, block) != block { block.deallocate() }
    }
}
