import ArgumentParser
import Foundation
import SitegenKit

@main
struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Builds a static website from a folder of dated Markdown news briefings.",
        version: SitegenVersion.current,
        subcommands: [Build.self, Serve.self, New.self, Init.self, Check.self]
    )

    static func main() async {
        // First thing, before other threads make heaps of their own: a heap made
        // earlier would still grow a few pages at a time.
        let oneShot = [Build.configuration.commandName, Check.configuration.commandName]
        if let command = CommandLine.arguments.dropFirst().first, oneShot.contains(command) {
            LeftForExit.growHeapsInLargeSteps()
        }
        await main(nil)
    }
}
