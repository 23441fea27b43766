import Foundation
import SitegenKit

/// Runs builds for the preview, one at a time, and remembers how the last one
/// went: the server shows its diagnostics as an overlay until a good build.
actor BuildCoordinator {
    enum Status: Sendable {
        case succeeded(BuildReport)
        case failed([Diagnostic])
        case notBuilt
    }

    private let options: BuildOptions
    private let hub: ReloadHub
    private let log: @Sendable (String) -> Void
    private(set) var status: Status = .notBuilt
    private var pending = false
    private var running = false

    init(options: BuildOptions, hub: ReloadHub, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.hub = hub
        self.log = log
    }

    /// Builds now, or once more after the running build if one is under way, so
    /// a save during a build is never lost and bursts collapse into one build.
    func rebuild() async {
        if running {
            pending = true
            return
        }
        running = true
        repeat {
            pending = false
            let options = self.options
            let result = await Task.detached { Result { () throws(BuildFailure) in try SiteGenerator.build(options) } }.value
            switch result {
            case .success(let report):
                status = .succeeded(report)
                log("rebuilt \(report.briefings) briefings, \(report.pages) pages in \(String(format: "%.2f", report.seconds)) s")
            case .failure(let failure):
                status = .failed(failure.diagnostics)
                for diagnostic in failure.diagnostics { log(diagnostic.description) }
                log("build failed: \(failure.diagnostics.count) error(s); showing them in the browser until the next good save")
            }
            await hub.broadcast()
        } while pending
        running = false
    }

    var diagnostics: [Diagnostic]? {
        if case .failed(let diagnostics) = status { return diagnostics }
        return nil
    }
}
