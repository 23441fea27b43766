/// What `sitegen build` was asked to do, as plain values.
///
/// Why a reader of its own: ArgumentParser finds a command's options by
/// reflection (`Mirror`) and checks for a completion-script request with
/// protocol conformance lookups, which scan every conformance record in the
/// binary: 4–5 ms of CPU before a build starts, against a warm rebuild's
/// 200 ms and an up-to-date check's 60. `build` is the command CI and
/// `sitegen serve` users run over and over, so its common spellings are read
/// here; anything else (`--help`, `--output=DIR`, a mistake) goes to
/// ArgumentParser, which gives its usual help and messages.
struct BuildRequest: Equatable {
    var source = "."
    var output: String?
    var drafts = false
    var future = false
    var baseURL: String?
    var quiet = false
    var noCache = false

    init(
        source: String = ".", output: String? = nil, drafts: Bool = false, future: Bool = false, baseURL: String? = nil,
        quiet: Bool = false, noCache: Bool = false
    ) {
        (self.source, self.output, self.drafts, self.future) = (source, output, drafts, future)
        (self.baseURL, self.quiet, self.noCache) = (baseURL, quiet, noCache)
    }

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
