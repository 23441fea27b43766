import FuzzSupport

// In a file of its own: an executable target with one file would get a
// generated entry point of that name too.
/// SwiftPM links an executable's entry point under the name `FuzzDate_main`.
@_cdecl("FuzzDate_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in data.map { fuzzDate($0, size) } ?? 0 }
}
