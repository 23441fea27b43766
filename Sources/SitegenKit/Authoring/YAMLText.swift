/// Writes YAML scalars that read back exactly as given. Every value sitegen
/// writes for the user is double-quoted: a plain scalar would turn titles such as
/// `No: talks`, `yes`, `# 1` or `2025-05-16` into a mapping, a boolean, a comment
/// or a date.
enum YAMLText {
    /// `text` as a YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\0": output += "\\0"
            case "\u{07}": output += "\\a"
            case "\u{08}": output += "\\b"
            case "\t": output += "\\t"
            case "\n": output += "\\n"
            case "\u{0B}": output += "\\v"
            case "\u{0C}": output += "\\f"
            case "\r": output += "\\r"
            case "\u{1B}": output += "\\e"
            // libyaml reads these as line breaks and would fold them into spaces.
            case "\u{85}": output += "\\N"
            case "\u{2028}": output += "\\L"
            case "\u{2029}": output += "\\P"
            default:
                if isPrintable(scalar) {
                    output.unicodeScalars.append(scalar)
                } else {
                    output += escaped(scalar)
                }
            }
        }
        return output + "\""
    }

    /// A flow sequence of quoted strings: `["a", "b"]`.
    static func quotedList(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }

    /// YAML's printable set (c-printable); anything else must be escaped. A
    /// byte-order mark is printable but only allowed at the start of a stream.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFEFF: return false
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: return true
        default: return false
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let (prefix, width) = scalar.value <= 0xFF ? ("\\x", 2) : ("\\u", 4)
        return prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex
    }
}
