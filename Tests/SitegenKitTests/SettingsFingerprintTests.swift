import Foundation
import Testing

@testable import SitegenKit

/// Pages are reused when their fingerprint is unchanged, and every page's
/// fingerprint holds the settings' (`FingerprintBuilder.add(_: SiteConfig)`).
/// A setting missing there would leave pages stale after site.yml changed it.
@Suite("Settings fingerprint")
struct SettingsFingerprintTests {
    private func fingerprint(_ config: SiteConfig) -> UInt64 {
        var builder = FingerprintBuilder()
        builder.add(config)
        return builder.finish()
    }

    /// One change per stored setting, each to a value the default does not have.
    private static let changes: [String: @Sendable (inout SiteConfig) -> Void] = [
        "title": { $0.title = "Other desk" },
        "baseURL": { $0.baseURL = "https://example.org/briefings/" },
        "language": { $0.language = "de" },
        "timeZone": { $0.timeZone = TimeZone(identifier: "Europe/Kyiv")! },
        "description": { $0.description = "Daily notes" },
        "pageSize": { $0.pageSize = 7 },
        "unsafeHTML": { $0.unsafeHTML = true },
    ]

    @Test("every stored setting of SiteConfig has a change here, so a new one fails until fingerprinted")
    func everySettingCovered() {
        let stored = Mirror(reflecting: SiteConfig()).children.compactMap(\.label)
        #expect(Set(stored) == Set(Self.changes.keys))
    }

    @Test("changing any one setting changes the fingerprint, and each change gives a different one")
    func eachSettingCounts() {
        let base = fingerprint(SiteConfig())
        var seen: Set<UInt64> = [base]
        for (name, change) in Self.changes.sorted(by: { $0.key < $1.key }) {
            var config = SiteConfig()
            change(&config)
            let changed = fingerprint(config)
            #expect(changed != base, "\(name) is not in the settings fingerprint")
            seen.insert(changed)
        }
        #expect(seen.count == Self.changes.count + 1)
        #expect(fingerprint(SiteConfig()) == base)
    }

    @Test("two texts that join to the same string still differ")
    func textsAreDelimited() {
        var first = SiteConfig()
        (first.title, first.baseURL) = ("ab", "c")
        var second = SiteConfig()
        (second.title, second.baseURL) = ("a", "bc")
        #expect(fingerprint(first) != fingerprint(second))
    }
}
