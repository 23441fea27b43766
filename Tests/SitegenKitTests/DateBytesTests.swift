import Foundation
import Testing

@testable import SitegenKit

/// The sitemap and search index append dates as bytes; they must read exactly
/// as the String forms every other output uses.
@Suite("Dates as bytes")
struct DateBytesTests {
    @Test("RFC 3339 and ISO days appended as bytes match the strings, in zones with odd offsets and local mean time")
    func sameAsStrings() throws {
        for zone in ["UTC", "Europe/Istanbul", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati", "America/Los_Angeles"] {
            let timeZone = try #require(TimeZone(identifier: zone))
            // From 1811 to 2096: before standard time, offsets have seconds.
            for epoch in stride(from: Int64(-5_000_000_000), through: 4_000_000_000, by: 7_777_777) {
                let date = SiteDate(epochSeconds: epoch, timeZone: timeZone)
                var rfc3339: [UInt8] = []
                date.appendRFC3339(to: &rfc3339)
                #expect(String(decoding: rfc3339, as: UTF8.self) == date.rfc3339)
                var day: [UInt8] = []
                date.local.appendISODate(to: &day)
                #expect(String(decoding: day, as: UTF8.self) == date.local.isoDate)
            }
        }
        for year in [-5, 0, 7, 9999, 12_345] {
            let time = CivilTime(year: year, month: 3, day: 9)
            var day: [UInt8] = []
            time.appendISODate(to: &day)
            #expect(String(decoding: day, as: UTF8.self) == time.isoDate)
            // Such a year's RFC 3339 form: the ISO day's own spelling, then the time as bytes.
            for offset in [0, 19_800, -12_600] {
                let date = SiteDate(epochSeconds: CivilTime(year: year, month: 3, day: 9, hour: 7).secondsIfUTC, offsetSeconds: offset)
                var rfc3339: [UInt8] = []
                date.appendRFC3339(to: &rfc3339)
                #expect(String(decoding: rfc3339, as: UTF8.self) == date.rfc3339)
            }
        }
    }

    @Test("a JSON member's date spelled as bytes reads as the escaped string would")
    func jsonDates() throws {
        let zones = try ["UTC", "Europe/Istanbul", "Asia/Kathmandu"].map { try #require(TimeZone(identifier: $0)) }
        var dates = zones.flatMap { zone in
            [Int64(-5_000_000_000), 0, 1_747_400_000].map { SiteDate(epochSeconds: $0, timeZone: zone) }
        }
        dates.append(SiteDate(epochSeconds: CivilTime(year: -5, month: 3, day: 9, hour: 7).secondsIfUTC, offsetSeconds: -12_600))
        for date in dates {
            var bytes = JSONWriter()
            bytes.beginObject()
            bytes.member("datePublished", date: date)
            bytes.member("after", "x")
            bytes.endObject()
            var strings = JSONWriter()
            strings.beginObject()
            strings.member("datePublished", date.rfc3339)
            strings.member("after", "x")
            strings.endObject()
            #expect(bytes.text == strings.text)
            #expect(bytes.text.contains(date.rfc3339))
        }
    }

    @Test("briefing URLs made as bytes read as the padded date and slug, for years of any width")
    func briefingURLs() {
        // Years 0 to 9999 take the byte path; the rest keep the old spelling.
        for year in [-5, 0, 7, 476, 1999, 2026, 9999, 10_000, 12_345] {
            for (month, day) in [(1, 1), (3, 9), (12, 31)] {
                let epoch = CivilTime(year: year, month: month, day: day, hour: 12).secondsIfUTC
                let url = Briefing.url(date: SiteDate(epochSeconds: epoch, offsetSeconds: 0), slug: "talks-é")
                #expect(url == "/\(pad(year, 4))/\(pad(month))/\(pad(day))/talks-é/")
            }
        }
    }
}
