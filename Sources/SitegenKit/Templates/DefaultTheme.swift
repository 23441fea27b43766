/// The built-in theme. Its templates are generated at build time from the
/// repository's top-level `templates/` folder by the EmbedTheme plugin
/// (see `DefaultTheme+Templates.swift` in the build folder).
public enum DefaultTheme {
    /// Template names every site can render with; a site overrides any of them
    /// with `templates/NAME.mustache`.
    public static var names: [String] { templates.keys.sorted() }
}
