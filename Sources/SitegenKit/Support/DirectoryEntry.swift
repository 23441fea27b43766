#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `readdir` entry, read in place. Records are only as long as their name:
/// copying the whole `dirent` (or its 256-byte `d_name`) reads past a short
/// record at the end of the listing buffer, and crashed about one warm build
/// in thirty when that buffer ended a mapping.
extension UnsafeMutablePointer<dirent> {
    private var namePointer: UnsafePointer<CChar> {
        // `d_name` has a fixed place in `dirent`; the force unwrap cannot fail for a stored field.
        UnsafeRawPointer(self).advanced(by: MemoryLayout<dirent>.offset(of: \dirent.d_name)!).assumingMemoryBound(to: CChar.self)
    }

    /// The entry's name, as `readdir` gave it.
    var fileName: String { String(cString: namePointer) }

    /// `.` and `..`, which every listing skips.
    var isSelfOrParent: Bool {
        let name = namePointer
        return name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0))
    }
}
