import ArgumentParser
import Foundation
import SitegenKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new briefing: content/YYYY/YYYY-MM-DD-slug.md with its front matter filled in.",
        discussion: """
            The date is now (or --date) on the site's clock, from site.yml's timeZone; the slug \
            comes from the title. An existing file is never overwritten. The new file's path is \
            printed on stdout, so `$EDITOR "$(sitegen new "Title")"` opens it.
            """
    )

    @Argument(help: ArgumentHelp("The briefing's title (quote it).", valueName: "title"))
    var title: String

    @Option(name: .long, help: ArgumentHelp("Tags, separated by commas (\"Istanbul talks,Türkiye\"); may be repeated.", valueName: "a,b"))
    var tags: [String] = []

    @Option(name: .long, help: ArgumentHelp("Story key, to put the briefing in a story.", valueName: "KEY"))
    var story: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Date: YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (site's time zone) or RFC 3339 (default: now).", valueName: "WHEN"))
    var date: String?

    @Option(name: .long, help: ArgumentHelp("The site folder.", valueName: "DIR"))
    var source: String = "."

    func run() throws {
        let result = Result { () throws(BuildFailure) in
            try BriefingScaffold.create(
                siteRoot: URL(fileURLWithPath: source), title: title,
                tags: tags.flatMap { $0.split(separator: ",").map(String.init) }, story: story, date: date, now: Date())
        }
        switch result {
        case .success(let file):
            print(DisplayPath()(file))
        case .failure(let failure):
            for diagnostic in failure.diagnostics { Terminal.standardError(diagnostic.description) }
            Terminal.standardError("sitegen new: no briefing was written")
            throw ExitCode(1)
        }
    }
}
