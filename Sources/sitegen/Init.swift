import ArgumentParser
import Foundation
import SitegenKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new site: site.yml, a first briefing in content/, and a .gitignore.",
        discussion: """
            DIR is created if it does not exist; an existing DIR must be empty (a .git folder \
            is allowed), otherwise nothing is changed. With --templates, the built-in templates \
            are copied into DIR/templates/ to customise.
            """
    )

    @Argument(help: ArgumentHelp("The folder for the new site.", valueName: "DIR"))
    var folder: String

    @Flag(name: .long, help: "Also copy the built-in templates into templates/ to customise.")
    var templates = false

    func run() throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        let files: [URL]
        do {
            files = try SiteScaffold.create(at: root, withTemplates: templates, now: Date())
        } catch {
            Terminal.standardError(error.description)
            throw ExitCode(1)
        }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let inside = files.map { $0.path.hasPrefix(prefix) ? String($0.path.dropFirst(prefix.count)) : $0.path }
        print("created a new site in \(DisplayPath()(root))/:")
        for path in inside where !path.hasPrefix("templates/") { print("  \(path)") }
        let templateCount = inside.filter { $0.hasPrefix("templates/") }.count
        if templateCount > 0 { print("  templates/ (\(templateCount) built-in templates to customise)") }
        print("")
        print("next:")
        if root.path != FileManager.default.currentDirectoryPath { print("  cd \(shellQuoted(folder))") }
        print("  sitegen build              # writes the site into public/")
        print("  sitegen new \"Your title\"   # starts the next briefing")
    }

    /// `folder` as it can be pasted into a shell.
    private func shellQuoted(_ text: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./~+=:,@")
        if !text.isEmpty, text.unicodeScalars.allSatisfy(safe.contains), !text.hasPrefix("~") { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
