import Foundation

/// A moment with its wall-clock reading in the site's time zone, which decides
/// the briefing's URL (`/2025/05/16/…`) and how its date is shown.
public struct SiteDate: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// The same moment read on the site's clock.
    public let local: CivilTime
    /// Offset of the site's clock from UTC at that moment, in seconds.
    public let offsetSeconds: Int

    public init(epochSeconds: Int64, timeZone: TimeZone) {
        self.epochSeconds = epochSeconds
        offsetSeconds = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
        local = CivilTime(epochSeconds: epochSeconds + Int64(offsetSeconds))
    }

    /// A moment read back from the build cache, with the offset it had then.
    init(epochSeconds: Int64, offsetSeconds: Int) {
        self.epochSeconds = epochSeconds
        self.offsetSeconds = offsetSeconds
        local = CivilTime(epochSeconds: epochSeconds + Int64(offsetSeconds))
    }

    public static func < (a: SiteDate, b: SiteDate) -> Bool { a.epochSeconds < b.epochSeconds }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }

    /// RFC 3339 with the site's offset, e.g. `2025-05-16T14:30:00+03:00`: for
    /// `<time datetime>`, feeds, sitemaps and JSON-LD.
    public var rfc3339: String {
        // Local mean time before standard zones (Istanbul's +01:55:52 until 1880)
        // has seconds RFC 3339 cannot write; the same instant is written in UTC.
        if offsetSeconds % 60 != 0 {
            let utc = CivilTime(epochSeconds: epochSeconds)
            return "\(utc.isoDate)T\(pad(utc.hour)):\(pad(utc.minute)):\(pad(utc.second))Z"
        }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        let offset = offsetSeconds == 0 ? "Z" : "\(sign)\(pad(minutes / 60)):\(pad(minutes % 60))"
        return "\(local.isoDate)T\(pad(local.hour)):\(pad(local.minute)):\(pad(local.second))\(offset)"
    }
}

/// A calendar date and time of day, proleptic Gregorian, no time zone.
public struct CivilTime: Sendable, Hashable {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// From seconds since the epoch (days-from-civil inverted; H. Hinnant's algorithm),
    /// done by hand because it is exact, fast and the same on every platform.
    init(epochSeconds: Int64) {
        let days = Int(epochSeconds.floorDiv(86_400))
        let secondsOfDay = Int(epochSeconds - Int64(days) * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day,
            hour: secondsOfDay / 3600, minute: secondsOfDay % 3600 / 60, second: secondsOfDay % 60)
    }

    /// Seconds since the epoch if this reading were UTC.
    var secondsIfUTC: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = Int64(era * 146_097 + dayOfEra - 719_468)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public var isoDate: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Reads the date forms a briefing may use. Hand-written rather than
/// DateFormatter: it is strict (no "2025-5-16"), fast, and time-zone exact.
public enum DateParser {
    public static let acceptedForms =
        "YYYY-MM-DD, YYYY-MM-DD HH:MM, YYYY-MM-DD HH:MM:SS (in the site's time zone), or RFC 3339 with an offset such as 2025-05-16T14:30:00+03:00"

    public enum Failure: Error, Equatable {
        case malformed
        case outOfRange(String)
    }

    public static func parse(_ text: String, timeZone: TimeZone) throws(Failure) -> SiteDate {
        let bytes = Array(text.trimming(.whitespaces).utf8)
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
            let day = reader.number(2)
        else { throw .malformed }
        guard (1...9999).contains(year) else { throw .outOfRange("year \(year) is outside 1–9999") }
        guard (1...12).contains(month) else { throw .outOfRange("month \(month) does not exist") }
        guard (1...CivilTime.daysIn(month: month, year: year)).contains(day) else {
            throw .outOfRange("day \(day) does not exist in \(pad(year, 4))-\(pad(month))")
        }
        var hour = 0, minute = 0, second = 0
        var offset: Int?
        if !reader.atEnd {
            guard reader.skip("T") || reader.skip("t") || reader.skip(" "), let h = reader.number(2), reader.skip(":"),
                let m = reader.number(2)
            else { throw .malformed }
            (hour, minute) = (h, m)
            if reader.skip(":") {
                guard let s = reader.number(2) else { throw .malformed }
                second = s
                if reader.skip(".") {
                    guard reader.skipDigits() else { throw .malformed }
                }
            }
            guard hour < 24, minute < 60, second < 61 else { throw .outOfRange("time \(pad(hour)):\(pad(minute)) does not exist") }
            second = min(second, 59)  // A leap second is read as :59 rather than refused.
            if reader.skip("Z") || reader.skip("z") {
                offset = 0
            } else if let sign = reader.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                reader.advance()
                guard let oh = reader.number(2), reader.skip(":"), let om = reader.number(2), oh < 24, om < 60 else {
                    throw .malformed
                }
                offset = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
            guard reader.atEnd else { throw .malformed }
        }
        let civil = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let epoch: Int64
        if let offset {
            epoch = civil.secondsIfUTC - Int64(offset)
        } else {
            epoch = localToEpoch(civil, timeZone: timeZone)
        }
        return SiteDate(epochSeconds: epoch, timeZone: timeZone)
    }

    /// A wall-clock reading in `timeZone` as an instant. A reading that happens
    /// twice (clocks going back) is the first one; a reading that never happens
    /// (clocks going forward) moves on by the size of the jump, as a wall clock would.
    static func localToEpoch(_ civil: CivilTime, timeZone: TimeZone) -> Int64 {
        let guess = civil.secondsIfUTC
        func offset(at seconds: Int64) -> Int64 {
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        // The offsets a day either side cover both sides of any transition.
        let candidates = Set([offset(at: guess - 86_400), offset(at: guess), offset(at: guess + 86_400)].map { guess - $0 })
        let exact = candidates.filter { $0 + offset(at: $0) == guess }
        if let first = exact.min() { return first }
        return candidates.max() ?? guess
    }
}

private struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }

    mutating func number(_ digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + digits] {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += digits
        // More digits than expected ("20255-01-01") is not this form.
        if let next = peek, next >= 48, next <= 57 { return nil }
        return value
    }

    mutating func skip(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, peek == ascii else { return false }
        index += 1
        return true
    }

    mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek, byte >= 48, byte <= 57 { index += 1 }
        return index > start
    }
}

func pad(_ value: Int, _ width: Int = 2) -> String {
    // Months, days, hours and minutes: every date shown and every URL pads several.
    if width == 2, (0..<100).contains(value) { return twoDigits[value] }
    let text = String(value)
    let count = text.utf8.count
    return count >= width ? text : String(repeating: "0", count: width - count) + text
}

private let twoDigits = (0..<100).map { $0 < 10 ? "0\($0)" : String($0) }

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
