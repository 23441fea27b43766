import Foundation
import Testing

@testable import SitegenKit

/// Page fingerprints stand for a briefing's list entry by its card, hashed from
/// what the entry is made of rather than from the entry itself. The two must
/// agree: were a field shown in lists missing from the card, a change to it
/// would leave stale pages behind.
@Suite("Briefing cards")
struct CardTests {
    @Test("two briefings have the same card exactly when their list entries are the same")
    func cardsFollowListEntries() throws {
        // Few values per field, so that many pairs differ in one field only.
        var random = Dice(seed: 7)
        let zone = TimeZone(identifier: "Europe/Istanbul")!
        let titles = ["Talks resume", "Talks stall", "Talks\u{301} resume"]
        let summaries = ["", "Delegations met.", "Delegations met. "]
        let tagSets = [[], ["Kyiv"], ["kyiv"], ["Kyiv", "Erdoğan"], ["Erdoğan", "Kyiv"], ["Erdogan"]]
        let dates = ["2025-05-16 10:00", "2025-05-16 10:01", "2025-05-17 10:00", "2025-11-16 10:00"]
        var briefings: [Briefing] = []
        for number in 0..<400 {
            let title = titles[random.next(titles.count)]
            briefings.append(
                Briefing(
                    sourcePath: "content/\(number).md", contentPath: "\(number).md", title: title,
                    date: try DateParser.parse(dates[random.next(dates.count)], timeZone: zone), updated: nil,
                    tags: tagSets[random.next(tagSets.count)], summary: summaries[random.next(summaries.count)],
                    slug: ["talks", "talks-2"][random.next(2)], draft: false, sources: [], story: nil, storySlug: nil,
                    author: nil, params: [],
                    body: RenderedMarkdown(html: "<p>\(number)</p>", wordCount: number, headingIDs: [], links: []),
                    bodyFirstLine: 5))
        }
        var config = SiteConfig()
        config.timeZone = zone
        let site = SiteBuilder.build(
            config: config, briefings: briefings, stories: StoryCatalog(), policy: PublishPolicy(now: .distantFuture))
        let cards = BriefingContext.cards(site: site)
        let entries = BriefingContext(site: site, upFront: false)
        var (same, different) = (0, 0)
        for first in site.briefings.indices {
            for second in site.briefings.indices where second > first {
                let sameEntry = entries.summary(first) == entries.summary(second)
                #expect((cards[first] == cards[second]) == sameEntry, "briefings \(first) and \(second)")
                if sameEntry { same += 1 } else { different += 1 }
            }
        }
        // Both outcomes occur often, so the comparison above means something.
        #expect(same > 100 && different > 1000)
    }

    @Test("a tag's display spelling reaches the cards of every briefing carrying it")
    func tagSpellingReachesCards() throws {
        let zone = TimeZone(identifier: "UTC")!
        func site(spellings: [String]) throws -> Site {
            let briefings = try spellings.enumerated().map { number, spelling in
                Briefing(
                    sourcePath: "content/\(number).md", contentPath: "\(number).md", title: "Same",
                    date: try DateParser.parse("2025-05-16", timeZone: zone), updated: nil, tags: [spelling], summary: "",
                    slug: "same-\(number)",
                    draft: false, sources: [], story: nil, storySlug: nil, author: nil, params: [],
                    body: RenderedMarkdown(html: "", wordCount: 0, headingIDs: [], links: []), bodyFirstLine: 5)
            }
            return SiteBuilder.build(
                config: SiteConfig(), briefings: briefings, stories: StoryCatalog(), policy: PublishPolicy(now: .distantFuture))
        }
        // The third briefing's spelling wins the tag's name once it is the most used.
        let before = try site(spellings: ["Erdoğan", "Erdoğan", "erdogan"])
        let after = try site(spellings: ["Erdoğan", "erdogan", "erdogan"])
        #expect(before.tags[0].name != after.tags[0].name)
        let (cardsBefore, cardsAfter) = (BriefingContext.cards(site: before), BriefingContext.cards(site: after))
        for index in before.briefings.indices where before.briefings[index].contentPath == "0.md" {
            let same = after.briefings.firstIndex { $0.contentPath == "0.md" }!
            #expect(cardsBefore[index] != cardsAfter[same])
        }
    }
}
