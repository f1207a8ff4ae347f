import Foundation

/// A system tool (openssl, sha256sum, python) run by a test to completion, for a fact the code under test is checked
/// against or for setting up a fixture.
///
/// The caller's thread waits; the tool's standard error is discarded and its standard output returned.
public enum SystemTool {
    /// Runs `executable` with `arguments` (in `directory` when given); returns its exit status and standard output.
    /// - Throws: when the tool cannot be started.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws
        -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    /// The exit status of `executable` run with `arguments`, or 127 (the shell's "not found") when it cannot start.
    public static func status(_ executable: String, _ arguments: [String]) -> Int32 {
        (try? run(executable, arguments).status) ?? 127
    }
}
