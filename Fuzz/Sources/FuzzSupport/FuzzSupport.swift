import CFuzzerDriver
import Foundation

/// What every fuzzer's entry point does: hands the command line to libFuzzer's
/// driver, which calls `test` with each input.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, test)
}

/// Reports an oracle's failure with the input that caused it (its first 2,000
/// characters) and aborts, so libFuzzer keeps the input as a crash artifact.
public func invariantBroken(_ message: String, _ input: String) -> Never {
    FileHandle.standardError.write(Data("invariant broken: \(message)\ninput: \(String(input.prefix(2000)).debugDescription)\n".utf8))
    abort()
}

public func invariantBroken(_ message: String, _ input: Data) -> Never {
    invariantBroken(message, String(decoding: input.prefix(2000), as: UTF8.self))
}
