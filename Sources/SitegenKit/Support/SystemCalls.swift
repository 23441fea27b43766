#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `read` and `write` by another name: inside types that have their own `read`
// or `write` methods, the C functions would otherwise be shadowed.
#if canImport(Glibc)
    let systemRead = Glibc.read
    let systemWrite = Glibc.write
#elseif canImport(Darwin)
    let systemRead = Darwin.read
    let systemWrite = Darwin.write
#endif
