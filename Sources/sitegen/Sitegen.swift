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
}
