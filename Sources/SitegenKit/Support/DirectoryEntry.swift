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

    /// What the entry is, as the listing says (`d_type`), when it says:
    /// most file systems do, some answer "unknown" and must be asked (`fstatat`).
    var listedKind: ListedKind {
        switch self.pointee.d_type {
        case UInt8(DT_REG): .file
        case UInt8(DT_DIR): .folder
        case UInt8(DT_LNK): .symbolicLink
        case UInt8(DT_UNKNOWN): .unknown
        default: .other
        }
    }

    /// `.` and `..`, which every listing skips.
    var isSelfOrParent: Bool {
        let name = namePointer
        return name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0))
    }
}

/// An entry's kind as a folder listing gives it (`d_type`).
enum ListedKind {
    case file, folder, symbolicLink, other
    /// Not given: the file system leaves it to `stat`.
    case unknown

    /// The kind `stat` gives in `st_mode`, for entries the listing leaves `unknown`.
    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .folder
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }
}
