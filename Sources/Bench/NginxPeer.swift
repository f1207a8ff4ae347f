import Foundation
import HTTP
import Net

/// Debian's nginx, started with its own configuration in a temporary folder as the reference peer of `bench http`:
/// it answers `/tiny` with a fixed JSON body from memory (`return 200`) and `/squares.json` from a static file.
///
/// Owned by the benchmark's thread; `stop()` (also run by the benchmark's `defer`) ends nginx and removes the folder.
final class NginxPeer {
    let port: Int
    private let directory: String
    private let executable: String
    private var process: Process?

    static var executablePath: String? {
        ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts nginx with `workerCount` workers; `tinyBody` is served at `/tiny`, `fileBody` at `/squares.json`.
    init(tinyBody: String, fileBody: [UInt8], workerCount: Int) throws {
        guard let executable = Self.executablePath else {
            throw BenchmarkError.loadGeneratorFailed("nginx is not installed (apt-get install nginx-light)")
        }
        self.executable = executable
        directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-nginx-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory + "/www", withIntermediateDirectories: true)
        // nginx workers drop to an unprivileged user when started as root: they must be able to read the file.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/www")
        _ = FileManager.default.createFile(atPath: directory + "/www/squares.json", contents: Data(fileBody),
                                       attributes: [.posixPermissions: 0o644])
        port = try Self.freePort()
        let escaped = tinyBody.replacingOccurrences(of: "'", with: "\\'")
        let configuration = """
            worker_processes \(workerCount);
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(directory)/body; proxy_temp_path \(directory)/proxy;
                fastcgi_temp_path \(directory)/fastcgi; uwsgi_temp_path \(directory)/uwsgi; scgi_temp_path \(directory)/scgi;
                keepalive_requests 1000000;
                server {
                    listen 127.0.0.1:\(port);
                    location = /tiny { default_type application/json; return 200 '\(escaped)'; }
                    location = /squares.json { root \(directory)/www; default_type application/json; }
                }
            }
            """
        try configuration.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        try startNginx()
        try waitUntilServing()
    }

    deinit { stop() }

    /// Stops nginx (SIGTERM to the master, idempotent) and removes its folder.
    func stop() {
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        process = nil
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the master in the foreground (`daemon off`), so this object owns it as a child process.
    private func startNginx() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-p", directory + "/", "-c", directory + "/nginx.conf", "-g", "daemon off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    private func waitUntilServing() throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let client = try? HTTPClient(host: "127.0.0.1", port: port) {
                defer { client.close() }
                if let response = try? client.send(.get, "/tiny"), response.status == 200 { return }
            }
            guard process?.isRunning == true else { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
        throw BenchmarkError.loadGeneratorFailed("nginx did not answer on port \(port): \(log)")
    }

    /// A port free right now on 127.0.0.1 (bound to port 0, read back, closed) for a peer that cannot report its own.
    static func freePort() throws -> Int {
        let descriptor = try SystemSocket.listen(host: "127.0.0.1", port: 0, backlog: 1)
        defer { System.close(descriptor) }
        return try SystemSocket.localPort(descriptor)
    }
}
