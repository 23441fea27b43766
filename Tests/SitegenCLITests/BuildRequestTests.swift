import ArgumentParser
import Foundation
import Testing

@testable import sitegen

/// `build`'s own argument reader must read every argument list it accepts exactly
/// as ArgumentParser does, and hand every other one to ArgumentParser.
struct BuildRequestTests {
    /// ArgumentParser's reading of `build ARGUMENTS`.
    private func parsed(_ arguments: [String]) throws -> BuildRequest {
        try Build.parse(arguments).request
    }

    @Test func everyFlagAndOptionAlikeInAnyOrder() throws {
        let parts: [[String]] = [
            ["--drafts"], ["--future"], ["--quiet"], ["--no-cache"], ["--source", "site dir"], ["--output", "/tmp/out"],
            ["--base-url", "https://news.example.org/"],
        ]
        // Every subset, in the order given and reversed: 2 × 128 argument lists.
        for mask in 0..<(1 << parts.count) {
            let chosen = parts.indices.filter { mask & (1 << $0) != 0 }.map { parts[$0] }
            for order in [chosen, chosen.reversed()] {
                let arguments = order.flatMap { $0 }
                let quick = try #require(BuildRequest(plainArguments: arguments[...]), "\(arguments)")
                #expect(quick == (try parsed(arguments)), "\(arguments)")
            }
        }
    }

    @Test func readsEachValue() throws {
        let arguments = ["--source", "s", "--output", "o", "--base-url", "https://x.example/", "--drafts", "--quiet"]
        let request = try #require(BuildRequest(plainArguments: arguments[...]))
        #expect(request.source == "s")
        #expect(request.output == "o")
        #expect(request.baseURL == "https://x.example/")
        #expect(request.drafts && request.quiet && !request.future && !request.noCache)
        #expect(BuildRequest(plainArguments: []) == BuildRequest())
        #expect(BuildRequest().source == ".")
    }

    /// Spellings left to ArgumentParser: help, `=` values, repeats, values that
    /// look like options, unknown names, a missing value, stray words.
    @Test func leavesEverythingElseToArgumentParser() {
        let others: [[String]] = [
            ["--help"], ["-h"], ["--version"], ["--output=public2"], ["--quiet", "--quiet"], ["--output", "a", "--output", "b"],
            ["--output", "--quiet"], ["--output", "-"], ["--output", ""], ["--output"], ["--bogus"], ["-q"], ["extra"],
            ["--source", "s", "stray"], ["--no-cache", "--", "x"],
        ]
        for arguments in others {
            #expect(BuildRequest(plainArguments: arguments[...]) == nil, "\(arguments)")
        }
    }

    /// An option added to `build` must be read here too, or every build that
    /// uses it pays for ArgumentParser again.
    @Test func knowsEveryOptionBuildHas() throws {
        let help = Build.helpMessage(columns: 1000)
        let names = Set(help.matches(of: /--[a-z][a-z-]*/).map { String($0.output) }).subtracting(["--help"])
        #expect(names.count >= 7, "\(help)")
        for name in names {
            let takesValue = help.contains("\(name) <")
            let arguments = takesValue ? [name, "value"] : [name]
            let quick = BuildRequest(plainArguments: arguments[...])
            #expect(quick != nil, "build's \(name) is not read by BuildRequest")
            if let quick { #expect(quick == (try parsed(arguments)), "\(arguments)") }
        }
    }
}

/// The `sitegen` executable built beside this test bundle, run on a small site.
struct BuildCommandTests {
    private static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "sitegen")
    }

    private func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    private func site(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appending(path: "sitegen-cli-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// The quick reading and ArgumentParser's (`--output=DIR`) build alike, and
    /// both report a bad briefing with its position and exit with status 1.
    @Test func bothReadingsBuildAndFailAlike() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            Issue.record("no sitegen executable at \(Self.executable.path)")
            return
        }
        let root = try site([
            "content/2025/2025-05-16-a.md": "---\ntitle: Talks resume\ndate: 2025-05-16\n---\nDelegates met in Istanbul.\n"
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let quick = try run(["build", "--quiet", "--no-cache", "--output", "one"], in: root)
        let parsed = try run(["build", "--quiet", "--no-cache", "--output=two"], in: root)
        #expect(quick.status == 0, "\(quick.errors)")
        #expect(parsed.status == 0, "\(parsed.errors)")
        let page = "2025/05/16/a/index.html"
        let one = try Data(contentsOf: root.appending(path: "one/\(page)"))
        let two = try Data(contentsOf: root.appending(path: "two/\(page)"))
        #expect(!one.isEmpty && one == two)

        try Data("---\ntitle: Talks resume\ndate: 2025-5-16\n---\nText.\n".utf8).write(
            to: root.appending(path: "content/2025/2025-05-16-a.md"))
        for arguments in [["build", "--quiet", "--output", "one"], ["build", "--quiet", "--output=two"]] {
            let failed = try run(arguments, in: root)
            #expect(failed.status == 1, "\(arguments)")
            let position = "content/2025/2025-05-16-a.md:3:7: error: 'date' \"2025-5-16\" is not a date"
            #expect(failed.errors.contains(position), "\(failed.errors)")
            #expect(failed.errors.hasSuffix("build failed: 1 error; the previous site (if any) is unchanged\n"), "\(failed.errors)")
        }
    }

    @Test func anUnknownOptionGetsArgumentParsersMessage() throws {
        let root = try site(["content/.keep": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try run(["build", "--outptu", "x"], in: root)
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.errors.contains("Unknown option '--outptu'"), "\(result.errors)")
    }
}
