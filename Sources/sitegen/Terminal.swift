import Foundation
import SitegenKit

enum Terminal {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Progress on stderr: a line rewritten in place on a terminal, a few plain lines
/// otherwise (CI logs should not fill with carriage returns).
final class ProgressReporter: Sendable {
    private let interactive = Terminal.standardErrorIsTerminal

    func report(_ event: BuildProgress) {
        switch event {
        case .reading(let total) where total >= 500:
            show("reading \(total) briefings…")
        case .writing(let total) where total >= 500:
            show("writing \(total) pages…")
        default:
            break
        }
    }

    private func show(_ text: String) {
        if interactive {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        } else {
            Terminal.standardError(text)
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
