import Foundation

/// Locates executables that SwiftPM built beside the test bundle (the `worldgame` binary).
public enum BuiltProducts {
    /// The folder holding the test bundle and the package's executables.
    public static var directory: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // Under `swift test` the runner is `<build>/worldgamePackageTests.xctest`; walk up to the folder that holds it.
        while url.pathComponents.count > 1, url.pathExtension == "xctest" || url.lastPathComponent == "MacOS"
            || url.lastPathComponent == "Contents" || !FileManager.default.fileExists(atPath: url.appending(path: "worldgame").path) {
            let parent = url.deletingLastPathComponent()
            if parent == url { break }
            url = parent
        }
        return url
    }

    /// The path of the `worldgame` executable built for these tests.
    public static var worldgame: String { directory.appending(path: "worldgame").path }
}
