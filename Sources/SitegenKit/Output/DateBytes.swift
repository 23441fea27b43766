/// Dates appended to documents built as bytes, spelled exactly as `rfc3339` and
/// `isoDate` spell them: the sitemap and the search index write one per briefing,
/// and the String forms cost several allocations each.
extension SiteDate {
    func appendRFC3339(to out: inout [UInt8]) {
        // `rfc3339` writes offsets with seconds in UTC; rare enough to take the String way.
        guard offsetSeconds % 60 == 0 else {
            out += rfc3339.utf8
            return
        }
        local.appendISODate(to: &out)
        out.append(UInt8(ascii: "T"))
        out.appendDigits(local.hour, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendDigits(local.minute, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendDigits(local.second, width: 2)
        guard offsetSeconds != 0 else {
            out.append(UInt8(ascii: "Z"))
            return
        }
        let minutes = abs(offsetSeconds) / 60
        out.append(UInt8(ascii: offsetSeconds < 0 ? "-" : "+"))
        out.appendDigits(minutes / 60, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendDigits(minutes % 60, width: 2)
    }
}

extension CivilTime {
    /// Appends `YYYY-MM-DD`.
    func appendISODate(to out: inout [UInt8]) {
        // `isoDate` spells years without four digits its own way.
        guard (0...9999).contains(year) else {
            out += isoDate.utf8
            return
        }
        appendDay(separatedBy: UInt8(ascii: "-"), to: &out)
    }

    /// Appends the year in four digits, month and day in two, `separator` between
    /// them (`-` in ISO dates, `/` in briefing URLs). The year is from 0 to 9999.
    func appendDay(separatedBy separator: UInt8, to out: inout [UInt8]) {
        out.appendDigits(year, width: 4)
        out.append(separator)
        out.appendDigits(month, width: 2)
        out.append(separator)
        out.appendDigits(day, width: 2)
    }
}

extension [UInt8] {
    /// `value`, from 0 to 10^width - 1, in exactly `width` digits.
    fileprivate mutating func appendDigits(_ value: Int, width: Int) {
        // Last digit first: dividing by a constant 10 costs a multiplication.
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var rest = value
        for position in (count - width..<count).reversed() {
            self[position] += UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }
}
