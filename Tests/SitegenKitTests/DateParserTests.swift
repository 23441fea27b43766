import Foundation
import Testing

@testable import SitegenKit

private let utc = TimeZone(identifier: "UTC")!
private let istanbul = TimeZone(identifier: "Europe/Istanbul")!
private let newYork = TimeZone(identifier: "America/New_York")!

private func parse(_ text: String, _ zone: TimeZone = utc) throws -> SiteDate {
    try DateParser.parse(text, timeZone: zone)
}

private func failure(_ text: String, _ zone: TimeZone = utc) -> DateParser.Failure? {
    do {
        _ = try DateParser.parse(text, timeZone: zone)
        return nil
    } catch {
        return error
    }
}

@Suite("Date parsing")
struct DateParserTests {
    @Test("a bare day is midnight on the site's clock")
    func bareDay() throws {
        let date = try parse("2025-05-16")
        #expect(date.epochSeconds == 1_747_353_600)
        #expect(date.local == CivilTime(year: 2025, month: 5, day: 16))
        #expect(date.rfc3339 == "2025-05-16T00:00:00Z")
    }

    @Test("a day with hours and minutes, separated by a space or a T")
    func dayWithMinutes() throws {
        #expect(try parse("2025-05-16 14:30").local == CivilTime(year: 2025, month: 5, day: 16, hour: 14, minute: 30))
        #expect(try parse("2025-05-16T14:30").local == CivilTime(year: 2025, month: 5, day: 16, hour: 14, minute: 30))
        #expect(try parse("2025-05-16t14:30").epochSeconds == (try parse("2025-05-16T14:30")).epochSeconds)
    }

    @Test("a day with seconds keeps the seconds")
    func dayWithSeconds() throws {
        let date = try parse("2025-05-16 14:30:45")
        #expect(date.epochSeconds == 1_747_405_845)
        #expect(date.local.second == 45)
    }

    @Test("RFC 3339 with Z, a positive offset, a negative offset and fractional seconds")
    func rfc3339Forms() throws {
        #expect(try parse("2025-05-16T14:30:45Z").epochSeconds == 1_747_405_845)
        #expect(try parse("2025-05-16T14:30:45z").epochSeconds == 1_747_405_845)
        #expect(try parse("2025-05-16T14:30:00+03:00").epochSeconds == 1_747_395_000)
        #expect(try parse("2025-05-16T10:00:00-05:30").epochSeconds == 1_747_409_400)
        #expect(try parse("2025-05-16T14:30:45.123456Z").epochSeconds == 1_747_405_845)
    }

    @Test("an explicit offset wins over the site's time zone, which still sets the local reading")
    func offsetAndSiteClock() throws {
        let date = try parse("2025-05-16T14:30:00+03:00", newYork)
        #expect(date.epochSeconds == 1_747_395_000)
        #expect(date.local == CivilTime(year: 2025, month: 5, day: 16, hour: 7, minute: 30))
        #expect(date.offsetSeconds == -4 * 3600)
        #expect(date.rfc3339 == "2025-05-16T07:30:00-04:00")
    }

    @Test("surrounding blanks are ignored")
    func surroundingBlanks() throws {
        #expect(try parse("  2025-05-16 ").epochSeconds == 1_747_353_600)
    }

    @Test("a date without offset is read on the Istanbul clock (UTC+3)")
    func istanbulClock() throws {
        let date = try parse("2025-05-16", istanbul)
        #expect(date.epochSeconds == 1_747_342_800)
        #expect(date.local == CivilTime(year: 2025, month: 5, day: 16))
        #expect(date.rfc3339 == "2025-05-16T00:00:00+03:00")
    }

    @Test("a UTC moment late in the evening is the next day in Istanbul")
    func nextDayInIstanbul() throws {
        let date = try parse("2025-05-16T23:30:00Z", istanbul)
        #expect(date.local == CivilTime(year: 2025, month: 5, day: 17, hour: 2, minute: 30))
    }

    @Test("New York readings use EST in winter and EDT in summer")
    func newYorkDaylightSaving() throws {
        let winter = try parse("2025-01-15 12:00", newYork)
        #expect(winter.epochSeconds == 1_736_960_400)
        #expect(winter.rfc3339 == "2025-01-15T12:00:00-05:00")
        let summer = try parse("2025-07-04 12:00", newYork)
        #expect(summer.epochSeconds == 1_751_644_800)
        #expect(summer.rfc3339 == "2025-07-04T12:00:00-04:00")
    }

    @Test("an ambiguous fall-back reading in New York is its first (EDT) occurrence")
    func fallBackAmbiguity() throws {
        let date = try parse("2025-11-02 01:30", newYork)
        #expect(date.epochSeconds == 1_762_061_400)
        #expect(date.local == CivilTime(year: 2025, month: 11, day: 2, hour: 1, minute: 30))
    }

    @Test("a reading inside New York's spring-forward gap moves on to 03:30 EDT")
    func springForwardGap() throws {
        // 02:30 does not exist on 2025-03-09; DateParser.localToEpoch says such a reading "moves on".
        let date = try parse("2025-03-09 02:30", newYork)
        #expect(date.epochSeconds == 1_741_505_400)
        #expect(date.local == CivilTime(year: 2025, month: 3, day: 9, hour: 3, minute: 30))
    }

    @Test("Feb 29 exists in leap years only")
    func leapDay() throws {
        #expect(try parse("2024-02-29").epochSeconds == 1_709_164_800)
        #expect(try parse("2000-02-29").local.day == 29)
        #expect(failure("2025-02-29") == .outOfRange("day 29 does not exist in 2025-02"))
        #expect(failure("1900-02-29") == .outOfRange("day 29 does not exist in 1900-02"))
    }

    @Test("years 1 through 9999 are accepted; year 0 and five-digit years are not")
    func yearRange() throws {
        #expect(try parse("0001-01-01").epochSeconds == -62_135_596_800)
        #expect(try parse("9999-12-31T23:59:59Z").epochSeconds == 253_402_300_799)
        #expect(failure("0000-01-01") == .outOfRange("year 0 is outside 1–9999"))
        #expect(failure("99999-01-01") == .malformed)
    }

    @Test("months and days that do not exist are out of range")
    func impossibleDays() {
        #expect(failure("2025-13-01") == .outOfRange("month 13 does not exist"))
        #expect(failure("2025-00-10") == .outOfRange("month 0 does not exist"))
        #expect(failure("2025-04-31") == .outOfRange("day 31 does not exist in 2025-04"))
        #expect(failure("2025-05-00") == .outOfRange("day 0 does not exist in 2025-05"))
    }

    @Test("times that do not exist are out of range; a leap second reads as :59")
    func impossibleTimes() throws {
        #expect(failure("2025-05-16 24:00") == .outOfRange("time 24:00 does not exist"))
        #expect(failure("2025-05-16 12:60") == .outOfRange("time 12:60 does not exist"))
        #expect(try parse("2016-12-31T23:59:60Z").local.second == 59)
    }

    @Test(
        "loose or foreign forms are malformed",
        arguments: [
            "", "2025", "2025-5-16", "2025-05-6", "16.05.2025", "May 16, 2025", "2025/05/16", "2025-05-16T", "2025-05-16 14",
            "2025-05-16 1:30", "2025-05-16T14:30:00+0300", "2025-05-16T14:30:00+03", "2025-05-16T14:30:00 UTC",
            "2025-05-16T14:30:00.Z", "2025-05-16x", "20250516", "2025-05-16T14:30:00+25:00",
        ])
    func malformed(text: String) {
        #expect(failure(text) == .malformed)
    }

    @Test("the accepted forms message names every form")
    func acceptedFormsMessage() {
        for form in ["YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS", "RFC 3339"] {
            #expect(DateParser.acceptedForms.contains(form))
        }
    }

    @Test("dates order by instant, not by wall-clock reading")
    func ordering() throws {
        let istanbulNoon = try parse("2025-05-16 12:00", istanbul)  // 09:00Z
        let utcTen = try parse("2025-05-16T10:00:00Z", istanbul)
        #expect(istanbulNoon < utcTen)
    }
}
