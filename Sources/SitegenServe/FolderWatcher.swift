import CSitegenSystem
import Foundation

/// Watches the site's sources with inotify and calls `onChange` once per burst
/// of relevant events: editors save in several steps (write temp, rename,
/// chmod), and one rebuild per save is what the writer wants.
///
/// `content/`, `templates/` and `static/` are watched with every folder inside
/// them; the site folder itself only for `site.yml` and `stories.yml`, so
/// builds of `public/` or a `.build/` folder never trigger a rebuild.
final class FolderWatcher: Sendable {
    private let descriptor: Int32
    private let trees: [URL]
    private let siteRoot: URL
    private let rootFiles: Set<String>
    private let debounceMilliseconds: Int32
    private let onChange: @Sendable () -> Void
    private let stopped = LockedFlag()
    /// Watch number of the site folder; its events are filtered by name.
    private let rootWatch: Int32

    /// Nil when the platform has no inotify; serve then builds only on start.
    init?(
        siteRoot: URL, trees: [String], rootFiles: Set<String>, debounceMilliseconds: Int32 = 100,
        onChange: @escaping @Sendable () -> Void
    ) {
        let descriptor = sitegen_watch_open()
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.siteRoot = siteRoot
        self.trees = trees.map { siteRoot.appending(path: $0) }
        self.rootFiles = rootFiles
        self.debounceMilliseconds = debounceMilliseconds
        self.onChange = onChange
        rootWatch = sitegen_watch_add(descriptor, siteRoot.path)
        addTreeWatches()
    }

    func start() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "sitegen-watch"
        thread.start()
    }

    func stop() { stopped.set() }

    private func loop() {
        var buffer = [CChar](repeating: 0, count: 65_536)
        while !stopped.isSet {
            var relevant = false
            var newFolder = false
            var timeout: Int32 = 250
            // Read until the burst is over: no event for `debounceMilliseconds`.
            while case let length = sitegen_watch_wait(descriptor, timeout, &buffer, buffer.count), length > 0 {
                let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                for line in text.split(separator: "\n") {
                    let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                    guard fields.count == 3, let watch = Int32(fields[0]) else { continue }
                    let name = String(fields[2])
                    if watch == rootWatch {
                        if rootFiles.contains(name) { relevant = true }
                        if trees.contains(where: { $0.lastPathComponent == name }) {
                            relevant = true
                            newFolder = true
                        }
                    } else if !Self.isEditorNoise(name) {
                        relevant = true
                        if fields[1] == "1" { newFolder = true }
                    }
                }
                timeout = debounceMilliseconds
            }
            if newFolder { addTreeWatches() }
            if relevant { onChange() }
        }
        close(descriptor)
    }

    /// Swap, backup and lock files editors write beside the real one.
    static func isEditorNoise(_ name: String) -> Bool {
        name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasPrefix(".#") || name == "4913"
    }

    /// Watches every folder of the trees; adding a watch twice is harmless.
    private func addTreeWatches() {
        for root in trees {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            _ = sitegen_watch_add(descriptor, root.path)
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey])
            while let url = enumerator?.nextObject() as? URL {
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                    _ = sitegen_watch_add(descriptor, url.path)
                }
            }
        }
    }
}

/// A one-way switch readable from any thread.
final class LockedFlag: Sendable {
    private let state = NSLock()
    // Guarded by `state`; `nonisolated(unsafe)` because NSLock, not the compiler, protects it.
    nonisolated(unsafe) private var value = false

    var isSet: Bool { state.withLock { value } }
    func set() { state.withLock { value = true } }
}
