import Foundation
import Hummingbird
import Logging
import NIOCore
import SitegenKit

/// `sitegen serve`: builds the site into a private folder, serves it on
/// loopback, and rebuilds and reloads open pages whenever a source file changes.
public struct PreviewServer: Sendable {
    public struct Options: Sendable {
        public var source: URL
        public var host: String
        public var port: Int
        public var includeDrafts: Bool
        public var includeFuture: Bool

        public init(source: URL, host: String = "127.0.0.1", port: Int = 8000, includeDrafts: Bool = false, includeFuture: Bool = false) {
            self.source = source.standardizedFileURL
            self.host = host
            self.port = port
            self.includeDrafts = includeDrafts
            self.includeFuture = includeFuture
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case portInUse(host: String, port: Int)
        case cannotStart(String)

        public var description: String {
            switch self {
            case .portInUse(let host, let port):
                "error: \(host):\(port) is already in use; stop the other server or pick another port with --port \(port + 1)"
            case .cannotStart(let reason): "error: cannot start the preview server: \(reason)"
            }
        }
    }

    let options: Options
    /// Where the preview is built: a temporary folder, so previewing never
    /// touches the public/ folder a deploy may be reading.
    public let output: URL
    let hub = ReloadHub()
    let builds: BuildCoordinator
    let log: @Sendable (String) -> Void

    public init(options: Options, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.log = log
        output = FileManager.default.temporaryDirectory.appending(path: "sitegen-serve-\(getpid())-\(UUID().uuidString.prefix(8))/site")
        // The preview is served from `output` itself, so absolute links stay on this server.
        let baseURL = "http://\(options.host.contains(":") ? "[\(options.host)]" : options.host):\(options.port)/"
        let buildOptions = BuildOptions(
            source: options.source, output: output,
            policy: PublishPolicy(includeDrafts: options.includeDrafts, includeFuture: options.includeFuture), baseURL: baseURL)
        builds = BuildCoordinator(options: buildOptions, hub: hub, log: log)
    }

    /// Builds once, then serves until interrupted (Ctrl-C) or cancelled.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        await builds.rebuild()
        let builds = self.builds
        let watcher = FolderWatcher(
            siteRoot: options.source, trees: ["content", "templates", "static"],
            rootFiles: ["site.yml", "stories.yml"]
        ) { Task { await builds.rebuild() } }
        watcher?.start()
        defer { watcher?.stop() }
        if watcher == nil { log("note: file watching is not available here; restart serve to pick up changes") }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let responder = PreviewResponder(files: SafePath(root: output), hub: hub, builds: builds)
        var logger = Logger(label: "sitegen.serve")
        logger.logLevel = .critical  // Shutdown on Ctrl-C logs benign cancellation errors.
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(options.host, port: options.port)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw Failure.portInUse(host: options.host, port: options.port)
        } catch let error as IOError {
            throw Failure.cannotStart(error.description)
        }
        await hub.finishAll()
    }
}
