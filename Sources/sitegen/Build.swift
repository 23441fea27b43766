import ArgumentParser
import Foundation
import SitegenKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into the output folder (public/ by default).",
        discussion: """
            Reads site.yml, content/**/*.md, templates/ and static/ from the site folder and \
            writes the whole site to a staging folder, which replaces the output folder only \
            when the build succeeds. Problems are printed as path:line:column: error: message.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The site folder.", valueName: "DIR"))
    var source: String = "."

    @Option(name: .long, help: ArgumentHelp("Where to write the site (default: SOURCE/public).", valueName: "DIR"))
    var output: String?

    @Flag(name: .long, help: "Include briefings marked draft: true.")
    var drafts = false

    @Flag(name: .long, help: "Include briefings dated after now.")
    var future = false

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Publish under this URL instead of site.yml's baseURL.", valueName: "URL"))
    var baseURL: String?

    @Flag(name: .long, help: "Print nothing but problems.")
    var quiet = false

    @Flag(name: .customLong("no-cache"), help: "Neither use nor update the build cache in SOURCE/.sitegen-cache/.")
    var noCache = false

    /// The options as plain values, as `BuildRequest(plainArguments:)` reads them too.
    var request: BuildRequest {
        BuildRequest(source: source, output: output, drafts: drafts, future: future, baseURL: baseURL, quiet: quiet, noCache: noCache)
    }

    func run() throws { try Self.run(request) }

    static func run(_ request: BuildRequest) throws(ExitCode) {
        let sourceURL = URL(fileURLWithPath: request.source)
        let progress: ProgressReporter? = request.quiet ? nil : ProgressReporter()
        var options = BuildOptions(
            source: sourceURL, output: request.output.map { URL(fileURLWithPath: $0) },
            policy: PublishPolicy(includeDrafts: request.drafts, includeFuture: request.future), baseURL: request.baseURL)
        options.useCache = !request.noCache
        options.leavesMemoryToExit = true
        if let progress {
            options.progress = { event in progress.report(event) }
        }
        let result = Result { () throws(BuildFailure) in try SiteGenerator.build(options) }
        progress?.finish()
        switch result {
        case .success(let report):
            for note in report.notes { Terminal.standardError("note: \(note)") }
            if !request.quiet, report.upToDate {
                Terminal.standardError(
                    "\(DisplayPath()(options.output))/ is up to date: nothing changed since the last build (\(report.briefings) briefings, \(report.files) files) in \(String(format: "%.2f", report.seconds)) s"
                )
            } else if !request.quiet {
                Terminal.standardError(Summary.line(for: report, output: options.output))
            }
        case .failure(let failure):
            for diagnostic in failure.diagnostics { Terminal.standardError(diagnostic.description) }
            let count = failure.diagnostics.filter { $0.severity == .error }.count
            Terminal.standardError("build failed: \(count) error\(count == 1 ? "" : "s"); the previous site (if any) is unchanged")
            throw ExitCode(1)
        }
    }
}

enum Summary {
    static func line(for report: BuildReport, output: URL) -> String {
        var line = "built \(report.briefings) briefing\(report.briefings == 1 ? "" : "s"), \(report.pages) pages (\(report.files) files)"
        line += " into \(DisplayPath()(output))/ in \(String(format: "%.2f", report.seconds)) s"
        var left: [String] = []
        if report.excluded.drafts > 0 {
            left.append("\(report.excluded.drafts) draft\(report.excluded.drafts == 1 ? "" : "s") (use --drafts)")
        }
        if report.excluded.future > 0 { left.append("\(report.excluded.future) dated in the future (use --future)") }
        if !left.isEmpty { line += "; left out \(left.joined(separator: " and "))" }
        if report.reused > 0 {
            line += "; \(report.reused) briefing\(report.reused == 1 ? "" : "s")"
            if report.pagesKept > 0 { line += " and \(report.pagesKept) page\(report.pagesKept == 1 ? "" : "s")" }
            line += " unchanged since the last build"
        }
        return line
    }
}
