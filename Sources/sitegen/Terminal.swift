import Foundation
import SitegenKit

enum Terminal {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Progress on stderr for builds of 500 items or more: on a terminal, a
/// counter rewritten in place ("reading briefings 2500/10000"); otherwise one
/// plain line as each phase starts, so CI logs stay short and readable.
final class ProgressReporter: Sendable {
    static let threshold = 500
    private let interactive = Terminal.standardErrorIsTerminal

    func report(_ event: BuildProgress) {
        let (phase, noun, done, total) =
            switch event {
            case .reading(let done, let total): ("reading", "briefings", done, total)
            case .writing(let done, let total): ("writing", "pages", done, total)
            }
        guard total >= Self.threshold else { return }
        if interactive {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(phase) \(noun) \(done)/\(total)".utf8))
        } else if done == 0 {
            Terminal.standardError("\(phase) \(total) \(noun)…")
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
