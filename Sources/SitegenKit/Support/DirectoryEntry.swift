#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension dirent {
    /// The entry's name, as `readdir` gave it.
    var fileName: String {
        withUnsafeBytes(of: d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// `.` and `..`, which every listing skips.
    var isSelfOrParent: Bool {
        withUnsafeBytes(of: d_name) { $0.starts(with: [0x2E, 0]) || $0.starts(with: [0x2E, 0x2E, 0]) }
    }
}
