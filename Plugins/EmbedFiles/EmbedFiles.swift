import Foundation
import PackagePlugin

/// Embeds the package's `migrations/*.sql` (and, when present, `web/` files) into the App module,
/// so the binary finds its schema and web client wherever it is installed.
@main
struct EmbedFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = ["migrations", "web"].map { root.appending(path: $0) }
        let fileManager = FileManager.default
        var inputs: [URL] = []
        for folder in folders where fileManager.fileExists(atPath: folder.path) {
            let names = try fileManager.contentsOfDirectory(atPath: folder.path).sorted()
            inputs += names.filter { !$0.hasPrefix(".") }.map { folder.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding migrations and web files into \(target.name)",
                executable: try context.tool(named: "EmbedFilesTool").url,
                arguments: [output.path] + folders.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
