/// The sitegen release, shown by `--version` and stamped into the build cache.
public enum SitegenVersion {
    public static let current = "0.1.0"
}
