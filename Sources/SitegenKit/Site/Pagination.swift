/// Splits a list over pages of `size`: page 1 at `base`, then `base/page/N/`.
/// An empty list still gets its first page, so `/` and a tag page always exist.
struct Pagination: Sendable, Equatable {
    let base: String
    let itemCount: Int
    let size: Int

    var pageCount: Int { max(1, (itemCount + size - 1) / size) }

    func url(ofPage number: Int) -> String {
        number == 1 ? base : "\(base)page/\(number)/"
    }

    func range(ofPage number: Int) -> Range<Int> {
        let lower = min(itemCount, (number - 1) * size)
        return lower..<min(itemCount, lower + size)
    }
}
