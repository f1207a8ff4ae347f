import Foundation

/// The Python scripts the tests run (WebSocket clients, a TLS echo server, a stub replication peer), kept as files
/// under `Tests/Fixtures/python` rather than inside Swift strings, so they can be read, linted and run by hand.
///
/// Every script may import the shared prelude `worldgame_test.py` from the same folder (Python puts a script's folder
/// first on its module path). The folder belongs to no target: the tests find it from this file's path.
public enum PythonFixtures {
    /// The folder holding the scripts.
    public static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures").appending(path: "python").path

    /// The path of the script `name` (for example `ws_send_command.py`).
    public static func path(_ name: String) -> String {
        directory + "/" + name
    }
}
