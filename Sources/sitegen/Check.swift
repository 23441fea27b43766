import ArgumentParser
import Foundation
import SitegenKit

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Build the site into a temporary folder and check every link, #fragment and image in it.",
        discussion: """
            Follows every href, src and srcset on every page the way a browser would, \
            and prints each broken one as path:line:column: error: message at the \
            briefing or template line that wrote it. Exit status 1 when any is broken. \
            public/ is not touched. With --external, http(s) links to other sites are \
            requested too (HEAD, then GET).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The site folder.", valueName: "DIR"))
    var source: String = "."

    @Flag(name: .long, help: "Also request http(s) links to other sites.")
    var external = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each external link.", valueName: "SECONDS"))
    var timeout: Double = 10

    @Option(name: .long, help: ArgumentHelp("External requests in flight at once.", valueName: "N"))
    var jobs: Int = 8

    @Flag(name: .long, help: "Include briefings marked draft: true.")
    var drafts = false

    @Flag(name: .long, help: "Include briefings dated after now.")
    var future = false

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
    }

    func run() async throws {
        let options = CheckOptions(
            source: URL(fileURLWithPath: source),
            policy: PublishPolicy(includeDrafts: drafts, includeFuture: future), external: external, timeout: timeout, jobs: jobs)
        let report = await SiteChecker.check(options)
        for diagnostic in report.diagnostics { Terminal.standardError(diagnostic.description) }
        let errors = report.errors
        guard report.built else {
            Terminal.standardError("check failed: the site does not build (\(errors) error\(errors == 1 ? "" : "s"))")
            throw ExitCode(1)
        }
        let pages = "\(report.pages) page\(report.pages == 1 ? "" : "s")"
        let links = "\(report.links) link\(report.links == 1 ? "" : "s")"
        Terminal.standardError("checked \(pages), \(links): \(errors) broken")
        if errors > 0 { throw ExitCode(1) }
    }
}
