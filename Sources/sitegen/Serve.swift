import ArgumentParser
import Foundation
import SitegenServe

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site and serve it locally, rebuilding and reloading the browser on every change.",
        discussion: """
            The preview is built into a temporary folder (public/ is left alone) and served on \
            127.0.0.1 unless --host says otherwise. Build errors appear in the browser and here; \
            the server keeps running and recovers on the next good save. Stop it with Ctrl-C.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The site folder.", valueName: "DIR"))
    var source: String = "."

    @Option(name: .long, help: "Address to listen on. Anything but loopback exposes your drafts to the network.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8000

    @Flag(name: .long, help: "Include briefings marked draft: true.")
    var drafts = false

    @Flag(name: .long, help: "Include briefings dated after now.")
    var future = false

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535, found \(port)") }
    }

    func run() async throws {
        let options = PreviewServer.Options(
            source: URL(fileURLWithPath: source), host: host, port: port, includeDrafts: drafts, includeFuture: future)
        let server = PreviewServer(options: options) { Terminal.standardError($0) }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        do {
            try await server.run { port in
                Terminal.standardError("serving on http://\(shownHost):\(port)/ (Ctrl-C to stop)")
            }
        } catch let failure as PreviewServer.Failure {
            Terminal.standardError(failure.description)
            throw ExitCode(1)
        }
    }
}
