/// The sitegen release, shown by `--version`.
public enum SitegenVersion {
    public static let current = "0.1.0"
}
