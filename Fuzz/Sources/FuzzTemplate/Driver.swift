import FuzzSupport

// In a file of its own: an executable target with one file would get a
// generated entry point of that name too.
/// SwiftPM links an executable's entry point under the name `FuzzTemplate_main`.
@_cdecl("FuzzTemplate_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in data.map { fuzzTemplate($0, size) } ?? 0 }
}
