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
        let arguments = CommandLine.arguments.dropFirst()
        // First thing, before other threads make heaps of their own: a heap made
        // earlier would still grow a few pages at a time.
        let oneShot = [Build.configuration.commandName, Check.configuration.commandName]
        if let command = arguments.first, oneShot.contains(command) {
            LeftForExit.growHeapsInLargeSteps()
        }
        // `build` in its usual spellings starts at once (BuildRequest says why).
        if arguments.first == Build.configuration.commandName, let request = BuildRequest(plainArguments: arguments.dropFirst()) {
            do {
                try Build.run(request)
                Foundation.exit(0)
            } catch {
                Foundation.exit(error.rawValue)
            }
        }
        await main(nil)
    }
}
