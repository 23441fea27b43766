import Foundation
import FuzzSupport

@testable import SitegenKit

// The date parser decides every briefing's URL and order. Whatever the text and
// time zone, it must not crash, must only accept years 1–9999, and an accepted
// date must survive a round trip: its RFC 3339 form parses back to the same
// instant and the same wall-clock reading, and the civil date is a real one.
//
// Input: first byte picks the site's time zone, the rest is the date text.

private let zones = [
    "UTC", "Europe/Istanbul", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Chatham",
    "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "Europe/London", "Africa/Casablanca",
    "America/Sao_Paulo", "Antarctica/Troll", "Asia/Tehran", "Europe/Kyiv",
].map { TimeZone(identifier: $0)! }  // Every name above is in the IANA database.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDate(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let zone = zones[Int(bytes[0]) % zones.count]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let date: SiteDate
    do {
        date = try DateParser.parse(text, timeZone: zone)
    } catch {
        if case .outOfRange(let why) = error, why.isEmpty { invariantBroken("out-of-range error without a reason", text) }
        return 0
    }
    let local = date.local
    // An explicit offset may move the instant a day past the accepted years, no further.
    guard (0...10_000).contains(local.year) else { invariantBroken("accepted a date whose local year is \(local.year)", text) }
    guard (1...12).contains(local.month), (1...CivilTime.daysIn(month: local.month, year: local.year)).contains(local.day),
        (0..<24).contains(local.hour), (0..<60).contains(local.minute), (0..<60).contains(local.second)
    else { invariantBroken("civil time out of range: \(local)", text) }
    if CivilTime(epochSeconds: local.secondsIfUTC) != local { invariantBroken("civil time does not round-trip: \(local)", text) }
    guard (1...9999).contains(local.year) else { return 0 }  // RFC 3339 only writes years 0001–9999.
    let rfc = date.rfc3339
    // Local mean time is written in UTC, which for year 1 east of Greenwich is year 0.
    guard !rfc.hasPrefix("0000-") else { return 0 }
    guard let again = try? DateParser.parse(rfc, timeZone: zone) else { invariantBroken("its RFC 3339 form \(rfc) does not parse", text) }
    if again.epochSeconds != date.epochSeconds { invariantBroken("\(rfc) is \(again.epochSeconds), not \(date.epochSeconds)", text) }
    if again.local != date.local || again.rfc3339 != rfc { invariantBroken("\(rfc) reads back as \(again.rfc3339)", text) }
    return 0
}
