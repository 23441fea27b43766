import Foundation
import Testing

@testable import SitegenKit

@Suite("Slugs")
struct SluggerTests {
    @Test(
        "letters lose their accents and words join with dashes",
        arguments: [
            ("Erdoğan", "erdogan"),
            ("Dolmabahçe", "dolmabahce"),
            ("İstanbul", "istanbul"),
            ("Istanbul Talks, Day 2", "istanbul-talks-day-2"),
            ("Zürich – Genève", "zurich-geneve"),
            ("Łódź", "lodz"),
            ("Straße", "strasse"),
            ("Ærø", "aero"),
        ])
    func latin(text: String, slug: String) {
        #expect(Slugger.slug(text) == slug)
    }

    @Test(
        "Cyrillic and Greek are transliterated",
        arguments: [
            ("Київ", "kyiv"),
            ("Харків", "kharkiv"),
            ("Зеленський", "zelenskyi"),
            ("Москва", "moskva"),
            ("Αθήνα", "athina"),
        ])
    func transliterated(text: String, slug: String) {
        #expect(Slugger.slug(text) == slug)
    }

    @Test("pre-decomposed accents (combining marks) are dropped, not turned into dashes")
    func combiningMarks() {
        #expect(Slugger.slug("Erdog\u{306}an") == "erdogan")
    }

    @Test("apostrophes join a word instead of splitting it")
    func apostrophes() {
        #expect(Slugger.slug("Kyiv's plan") == "kyivs-plan")
        #expect(Slugger.slug("Kyiv’s plan") == "kyivs-plan")
    }

    @Test("runs of separators become one dash and none lead or trail")
    func separators() {
        #expect(Slugger.slug("  --Hello,   World!!  ") == "hello-world")
        #expect(Slugger.slug("a/b\\c") == "a-b-c")
    }

    @Test(
        "a slug never holds a slash, dots, blanks or control characters",
        arguments: ["../etc/passwd", "..", "a/../../b", "%2e%2e/x", "tab\there", "line\nbreak", "nul\u{0}byte", "../../"])
    func pathSafety(text: String) throws {
        let slug = Slugger.slug(text)
        if let slug {
            #expect(!slug.contains("/"))
            #expect(!slug.contains("."))
            #expect(!slug.contains(" "))
            #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-"))
        }
    }

    @Test("a path-like text keeps only its words")
    func pathLikeText() {
        #expect(Slugger.slug("../etc/passwd") == "etc-passwd")
    }

    @Test("text with nothing sluggable gives no slug", arguments: ["", "   ", "!!!", "---", "…", "🙂🙂", "—", "'"])
    func nothingSluggable(text: String) {
        #expect(Slugger.slug(text) == nil)
    }

    @Test("a long text is cut to the maximum length without a trailing dash")
    func maximumLength() throws {
        let long = String(repeating: "word ", count: 100)
        let slug = try #require(Slugger.slug(long))
        #expect(slug.utf8.count <= 80)
        #expect(slug.utf8.count >= 75)
        #expect(!slug.hasSuffix("-"))
        #expect(long.replacingOccurrences(of: " ", with: "-").hasPrefix(slug))

        let custom = try #require(Slugger.slug("abcdefghij klmnop", maxLength: 12))
        #expect(custom == "abcdefghij-k")
        // Multi-letter transliterations ("щ" → "shch") cannot push past the limit either.
        let cyrillic = try #require(Slugger.slug(String(repeating: "щ", count: 50), maxLength: 10))
        #expect(cyrillic.utf8.count == 10)
        #expect(Slugger.slug(String(repeating: "x", count: 200))?.utf8.count == 80)
    }

    @Test("ASCII text slugs byte by byte exactly as scalar by scalar")
    func asciiFastPath() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 -_'.,!/Kyiv's--  x".unicodeScalars) + (0..<128).compactMap(Unicode.Scalar.init)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            let limit = Int.random(in: 1...20, using: &generator)
            #expect(Slugger.slug(text, maxLength: limit) == Slugger.unicodeSlug(text, maxLength: limit), "\(text.debugDescription)")
        }
    }

    @Test("spellings that differ only in case or accents share one slug")
    func spellingsCollide() {
        #expect(Slugger.slug("Erdoğan") == Slugger.slug("erdogan"))
        #expect(Slugger.slug("ERDOGAN") == Slugger.slug("Erdoğan"))
    }
}
