/// What `sitegen build` was asked to do, as plain values.
///
/// Why a reader of its own: ArgumentParser finds a command's options by
/// reflection (`Mirror`) and checks for a completion-script request with
/// protocol conformance lookups, which scan every conformance record in the
/// binary: a build that stops at once (`--source /nonexistent`) took 16.4 ms
/// with it and 8.6 ms without (CPU 13.0 and 6.9 ms), against a warm
/// rebuild's 250 ms and an up-to-date check's 60–70. `build` is the command
/// CI runs on every push and writers after every edit, so its common
/// spellings are read here; anything else (`--help`, `--output=DIR`, a mistake) goes to
/// ArgumentParser, which gives its usual help and messages.
struct BuildRequest: Equatable {
    var source = "."
    var output: String?
    var drafts = false
    var future = false
    var baseURL: String?
    var quiet = false
    var noCache = false
}

// In an extension, so the struct keeps its memberwise initializer.
extension BuildRequest {
    /// The options `build` takes, each written once in its plain form: a flag
    /// alone, an option as two arguments (`--output DIR`) with a value that does
    /// not start with `-`. Nil for any other arguments, which are then left to
    /// ArgumentParser: so the two never read the same arguments differently.
    init?(plainArguments arguments: ArraySlice<String>) {
        // An array, not a set: a first `Set<String>` makes the runtime build its
        // type at a cost of its own, for at most seven names.
        var seen: [String] = []
        var rest = arguments
        while let name = rest.popFirst() {
            guard !seen.contains(name) else { return nil }
            seen.append(name)
            switch name {
            case "--drafts": drafts = true
            case "--future": future = true
            case "--quiet": quiet = true
            case "--no-cache": noCache = true
            case "--source", "--output", "--base-url":
                guard let value = rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
                switch name {
                case "--source": source = value
                case "--output": output = value
                default: baseURL = value
                }
            default: return nil
            }
        }
    }
}
