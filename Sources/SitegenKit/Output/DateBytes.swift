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
        // `isoDate` spells years without four digits its own way.
        let fourDigitYear = (0...9999).contains(local.year)
        if !fourDigitYear { out += local.isoDate.utf8 }
        // "YYYY-MM-DDThh:mm:ss+hh:mm" at most.
        DateSpelling.append(to: &out, capacity: 25) { spelling in
            if fourDigitYear { spelling.day(local, separatedBy: UInt8(ascii: "-")) }
            spelling.byte(UInt8(ascii: "T"))
            spelling.digits(local.hour, width: 2)
            spelling.byte(UInt8(ascii: ":"))
            spelling.digits(local.minute, width: 2)
            spelling.byte(UInt8(ascii: ":"))
            spelling.digits(local.second, width: 2)
            guard offsetSeconds != 0 else {
                spelling.byte(UInt8(ascii: "Z"))
                return
            }
            let minutes = abs(offsetSeconds) / 60
            spelling.byte(UInt8(ascii: offsetSeconds < 0 ? "-" : "+"))
            spelling.digits(minutes / 60, width: 2)
            spelling.byte(UInt8(ascii: ":"))
            spelling.digits(minutes % 60, width: 2)
        }
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
        DateSpelling.append(to: &out, capacity: 10) { $0.day(self, separatedBy: separator) }
    }
}

/// A date spelled into a small buffer on the stack, then appended to the
/// document at once: appending digit by digit checked the array's capacity and
/// uniqueness for every byte, over a thousand instructions per date.
private struct DateSpelling {
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    static func append(to out: inout [UInt8], capacity: Int, _ spell: (inout DateSpelling) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var spelling = DateSpelling(bytes: buffer)
            spell(&spelling)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<spelling.count]))
        }
    }

    private init(bytes: UnsafeMutableBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func byte(_ value: UInt8) {
        bytes[count] = value
        count += 1
    }

    /// `value`, from 0 to 10^width - 1, in exactly `width` digits.
    mutating func digits(_ value: Int, width: Int) {
        var rest = value
        for position in (count..<count + width).reversed() {
            bytes[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        count += width
    }

    mutating func day(_ time: CivilTime, separatedBy separator: UInt8) {
        digits(time.year, width: 4)
        byte(separator)
        digits(time.month, width: 2)
        byte(separator)
        digits(time.day, width: 2)
    }
}
