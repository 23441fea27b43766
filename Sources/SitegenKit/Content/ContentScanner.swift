import Foundation

/// The site's `content/` folder, or an error saying how to get one.
enum ContentFolder {
    static func require(in siteRoot: URL, display: DisplayPath, hint: String) throws(BuildFailure) -> URL {
        let content = siteRoot.appending(path: "content")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildFailure([Diagnostic(path: display(content), message: "no content/ folder here; \(hint)")])
        }
        return content
    }
}

/// Finds the files of a folder tree: every briefing under `content/`, every file
/// under `static/`. Symbolic links are refused: one pointing outside the site
/// would publish files the site owner never meant to (`static/keys -> ~/.ssh`).
struct FolderScanner {
    let root: URL
    let displayPath: (URL) -> String
    /// `static/` is copied as is, so `.nojekyll` and `.well-known/` go too;
    /// editor and VCS leftovers never do.
    var includeHidden = false
    static let neverCopied: Set<String> = [".git", ".DS_Store", ".svn", ".hg"]

    /// Relative paths (with `/`) of regular files, sorted, and the problems met.
    func files(matching include: (String) -> Bool = { _ in true }) -> ([String], [Diagnostic]) {
        var paths: [String] = []
        var problems: [Diagnostic] = []
        walk(relative: "", paths: &paths, problems: &problems, include: include)
        return (paths.sorted(), problems)
    }

    private func walk(relative: String, paths: inout [String], problems: inout [Diagnostic], include: (String) -> Bool) {
        let folder = relative.isEmpty ? root : root.appending(path: relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            problems.append(Diagnostic(path: displayPath(folder), message: "cannot list folder: \(TextFile.reason(for: error))"))
            return
        }
        for name in names.sorted() where !Self.neverCopied.contains(name) && (includeHidden || !name.hasPrefix(".")) {
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(folder.path + "/" + name, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(relative: path, paths: &paths, problems: &problems, include: include)
            case S_IFREG:
                if include(path) { paths.append(path) }
            case S_IFLNK:
                problems.append(
                    Diagnostic(
                        path: displayPath(root.appending(path: path)),
                        message: "symbolic links are not followed; copy the file into the site instead"))
            default:
                break
            }
        }
    }
}
