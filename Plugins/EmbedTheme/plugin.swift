import Foundation
import PackagePlugin

/// Embeds the package's top-level `templates/` folder (the default theme) into the
/// target that uses this plugin, as a generated Swift file. The folder stays the
/// single source of truth: editing a template rebuilds the generated file.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: templates.path)
            .filter { $0.hasSuffix(".mustache") }
            .sorted()
        let inputs = names.map { templates.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultTheme+Templates.swift")
        return [
            .buildCommand(
                displayName: "Embedding the default theme (\(names.count) templates)",
                executable: try context.tool(named: "ThemeEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
