import Foundation

/// Turns any text into a URL segment: ASCII, lower case, words joined by `-`.
/// Letters with accents lose them (Erdoğan → erdogan, Dolmabahçe → dolmabahce),
/// Cyrillic and Greek are transliterated, everything else separates words. The
/// result can never hold `/`, `..`, spaces or control characters.
public enum Slugger {
    /// The slug of `text`, or nil when nothing sluggable is left (e.g. "!!!").
    public static func slug(_ text: String, maxLength: Int = 80) -> String? {
        var text = text
        if let ascii = text.withUTF8({ asciiSlug($0, maxLength: maxLength) }) { return ascii }
        return unicodeSlug(text, maxLength: maxLength)
    }

    /// The same for UTF-8 bytes, such as a heading's text in a body's HTML:
    /// made into a string only when they are not ASCII.
    static func slug(utf8 text: UnsafeBufferPointer<UInt8>, maxLength: Int = 80) -> String? {
        if let ascii = asciiSlug(text, maxLength: maxLength) { return ascii }
        return unicodeSlug(String(decoding: text, as: UTF8.self), maxLength: maxLength)
    }

    /// Any text, scalar by scalar.
    static func unicodeSlug(_ text: String, maxLength: Int) -> String? {
        var output = ""
        output.reserveCapacity(min(text.utf8.count, maxLength))
        var pendingDash = false
        // Fast path for ASCII, which is nearly all text; NFD only for the rest.
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                append(scalar, to: &output, pendingDash: &pendingDash)
            } else if let replacement = transliteration[scalar.value] {
                for ascii in replacement.unicodeScalars { append(ascii, to: &output, pendingDash: &pendingDash) }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                if let base = decomposed.first, base.isASCII {
                    append(base, to: &output, pendingDash: &pendingDash)
                } else if let base = decomposed.first, let replacement = transliteration[base.value] {
                    // Accented Greek and Cyrillic letters (ή, й) decompose to a letter the table knows.
                    for ascii in replacement.unicodeScalars { append(ascii, to: &output, pendingDash: &pendingDash) }
                } else {
                    pendingDash = true
                }
            } else if scalar.properties.generalCategory != .nonspacingMark {
                pendingDash = true
            }
            if output.utf8.count >= maxLength { break }
        }
        if output.utf8.count > maxLength { output = String(output.prefix(maxLength)) }
        while output.hasSuffix("-") { output.removeLast() }
        return output.isEmpty ? nil : output
    }

    /// The same rules on bytes, for ASCII text (every tag and heading of most
    /// archives): nil when the text is not ASCII, or leaves nothing to slug.
    private static func asciiSlug(_ bytes: UnsafeBufferPointer<UInt8>, maxLength: Int) -> String?? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        // Into a buffer on the stack, not an array: growing and checking one was
        // most of this function's time, and it runs for every tag, title and heading.
        // Each byte adds at most two (a dash and itself) and the loop stops at
        // `maxLength`; a dash always replaces a byte that added nothing.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: min(bytes.count, maxLength) + 1) { output in
            var count = 0
            var pendingDash = false
            for byte in bytes {
                let lower: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"): lower = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): lower = byte + 32
                case UInt8(ascii: "'"): continue
                default:
                    pendingDash = true
                    continue
                }
                if pendingDash, count > 0 {
                    output[count] = UInt8(ascii: "-")
                    count += 1
                }
                pendingDash = false
                output[count] = lower
                count += 1
                if count >= maxLength { break }
            }
            count = min(count, maxLength)
            while count > 0, output[count - 1] == UInt8(ascii: "-") { count -= 1 }
            return .some(count == 0 ? nil : String(decoding: UnsafeBufferPointer(rebasing: output[..<count]), as: UTF8.self))
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to output: inout String, pendingDash: inout Bool) {
        let value = scalar.value
        let isLetterOrDigit = (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
        guard isLetterOrDigit else {
            // Apostrophes join: "Kyiv's" → "kyivs", not "kyiv-s".
            if value != 0x27 { pendingDash = true }
            return
        }
        if pendingDash, !output.isEmpty { output.append("-") }
        pendingDash = false
        // Force unwrap is safe: value + 32 of an ASCII capital is an ASCII lower-case letter.
        output.unicodeScalars.append((0x41...0x5A).contains(value) ? Unicode.Scalar(value + 32)! : scalar)
    }

    /// Letters that do not decompose to an ASCII base: Latin specials, Cyrillic
    /// (Ukrainian and Russian, after the national passport systems), Greek.
    private static let transliteration: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let pairs: [(String, String)] = [
            ("ı", "i"), ("İ", "i"), ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("ø", "o"), ("Ø", "o"), ("œ", "oe"),
            ("Œ", "oe"), ("đ", "d"), ("Đ", "d"), ("ł", "l"), ("Ł", "l"), ("þ", "th"), ("Þ", "th"), ("ð", "d"),
            ("Ð", "d"), ("ŋ", "ng"), ("ħ", "h"), ("ı", "i"), ("’", "'"), ("ʼ", "'"),
            ("а", "a"), ("б", "b"), ("в", "v"), ("г", "h"), ("ґ", "g"), ("д", "d"), ("е", "e"), ("є", "ie"),
            ("ж", "zh"), ("з", "z"), ("и", "y"), ("і", "i"), ("ї", "i"), ("й", "i"), ("к", "k"), ("л", "l"),
            ("м", "m"), ("н", "n"), ("о", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"),
            ("ф", "f"), ("х", "kh"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "shch"), ("ь", ""), ("ю", "iu"),
            ("я", "ia"), ("ё", "e"), ("ъ", ""), ("ы", "y"), ("э", "e"),
            ("α", "a"), ("β", "v"), ("γ", "g"), ("δ", "d"), ("ε", "e"), ("ζ", "z"), ("η", "i"), ("θ", "th"),
            ("ι", "i"), ("κ", "k"), ("λ", "l"), ("μ", "m"), ("ν", "n"), ("ξ", "x"), ("ο", "o"), ("π", "p"),
            ("ρ", "r"), ("σ", "s"), ("ς", "s"), ("τ", "t"), ("υ", "y"), ("φ", "f"), ("χ", "ch"), ("ψ", "ps"),
            ("ω", "o"),
        ]
        for (letter, ascii) in pairs {
            for scalar in letter.unicodeScalars { table[scalar.value] = ascii }
            // Upper-case Cyrillic and Greek share the lower-case reading.
            for scalar in letter.uppercased().unicodeScalars where table[scalar.value] == nil { table[scalar.value] = ascii }
        }
        // Ukrainian "г" reads h, Russian reads g; a shared table must pick one, and
        // the Ukrainian national system is what Kyiv's own English uses.
        return table
    }()
}
