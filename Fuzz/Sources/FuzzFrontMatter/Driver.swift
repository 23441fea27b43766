import CFuzzerDriver

// In a file of its own: an executable target with one file would get a
// generated entry point of that name too.
/// SwiftPM links an executable's entry point under the name `FuzzFrontMatter_main`; this
/// one hands the command line to libFuzzer's driver.
@_cdecl("FuzzFrontMatter_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzFrontMatter(data, size)
    }
}
