import Foundation

/// Which link destinations may reach a page. Scripts hide in `javascript:`,
/// `vbscript:` and `data:` URLs, so only web, mail and relative links pass.
enum URLSafety {
    static func isSafeLink(_ link: String) -> Bool {
        let trimmed = link.trimming(.whitespacesAndNewlines.union(.controlCharacters)).lowercased()
        guard let colon = trimmed.firstIndex(of: ":") else { return true }
        let scheme = trimmed[..<colon]
        // A colon after a `/`, `?` or `#` belongs to a relative path, not a scheme.
        if scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return ["http", "https", "mailto"].contains(scheme)
    }
}
