import Foundation
import HTTP
import Net

/// `worldgame bench http`: the API server's requests/s and latency for `GET /health` and a small JSON route,
/// on an in-process server over 127.0.0.1, driven by `wrk` when installed or by the built-in keep-alive generator.
struct HTTPBenchmark {
    var seconds: Double
    var connections: Int
    var loopCount: Int
    var generator: String   // "auto", "wrk" or "builtin"

    /// The small JSON body of the benchmark route: shaped like a land square.
    struct SampleSquare: Encodable, Sendable {
        var id = 4242
        var x = 17
        var y = -3
        var regionId = 5
        var ownerId: Int? = 12
        var isLocked = false
        var resource = ["kind": "farm", "level": "2"]
    }

    func run() throws -> String {
        let loops = try EventLoopGroup(loopCount: loopCount)
        defer { loops.shutdown() }
        var router = Router()
        router.add(.get, "/health") { _, _, responder in responder.respond(.json(bytes: Array(#"{"status":"ok"}"#.utf8))) }
        router.add(.get, "/bench/json") { _, _, responder in responder.respond(.json(SampleSquare())) }
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, group: loops, router: router)
        try server.start()
        defer { _ = server.shutdown(deadline: .seconds(2)) }
        let useWrk = generator == "wrk" || (generator == "auto" && WrkLoadGenerator.isInstalled)
        let name = useWrk ? "wrk" : "built-in generator"
        var table = BenchTable(
            title: "bench http: \(loopCount) loops, \(connections) keep-alive connections, \(name), \(seconds)s per case",
            unit: "req")
        var results: [String: LatencySummary] = [:]
        for path in ["/health", "/bench/json"] {
            let summary = useWrk
                ? try WrkLoadGenerator(port: server.localPort, connections: connections, seconds: seconds).run(path: path)
                : try BuiltinLoadGenerator(port: server.localPort, connections: connections, seconds: seconds).run(path: path)
            results[path] = summary
            table.add("GET \(path)", summary)
        }
        table.addRatio("json route / health", numerator: results["/bench/json"]?.perSecond ?? 0,
                       denominator: results["/health"]?.perSecond ?? 0, goal: "none; shows what Foundation JSON encoding costs")
        return table.render()
    }
}

/// Keep-alive load from threads in this process, one blocking connection per thread.
struct BuiltinLoadGenerator {
    var port: Int
    var connections: Int
    var seconds: Double

    func run(path: String) throws -> LatencySummary {
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let group = DispatchGroup()
        for _ in 0..<connections {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                guard let client = try? HTTPClient(host: "127.0.0.1", port: port) else { failures.record(); return }
                defer { client.close() }
                var samples: [Duration] = []
                while ContinuousClock.now < deadline {
                    let began = ContinuousClock.now
                    guard let response = try? client.send(.get, path), response.status == 200 else { failures.record(); return }
                    samples.append(ContinuousClock.now - began)
                }
                recorder.merge(samples)
            }
            thread.start()
        }
        group.wait()
        if failures.count > 0 { throw BenchmarkError.requestsFailed(count: failures.count, firstStatus: 0) }
        return recorder.summary(elapsed: ContinuousClock.now - start)
    }
}

/// Runs Debian's `wrk` against the server and reads its requests/s and latency distribution.
struct WrkLoadGenerator {
    var port: Int
    var connections: Int
    var seconds: Double

    static var isInstalled: Bool { executablePath != nil }

    static var executablePath: String? {
        ["/usr/bin/wrk", "/usr/local/bin/wrk"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(path: String) throws -> LatencySummary {
        guard let executable = Self.executablePath else { throw BenchmarkError.loadGeneratorFailed("wrk is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-t2", "-c\(connections)", "-d\(max(1, Int(seconds)))s", "--latency", "http://127.0.0.1:\(port)\(path)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError.loadGeneratorFailed(output) }
        return try Self.parse(output)
    }

    /// Reads `Requests/sec`, the 50% and 99% latency lines and the request count from wrk's output.
    static func parse(_ output: String) throws -> LatencySummary {
        var p50 = Duration.zero, p99 = Duration.zero, requests = 0, elapsed = Duration.zero
        for line in output.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            if fields.first == "50%", fields.count >= 2 { p50 = parseDuration(String(fields[1])) }
            if fields.first == "99%", fields.count >= 2 { p99 = parseDuration(String(fields[1])) }
            if fields.count >= 5, fields[1] == "requests", fields[2] == "in" {
                requests = Int(fields[0]) ?? 0
                elapsed = parseDuration(String(fields[3]))
            }
            if line.contains("Non-2xx or 3xx responses") {
                throw BenchmarkError.requestsFailed(count: Int(fields.last ?? "") ?? 1, firstStatus: 0)
            }
        }
        guard requests > 0 else { throw BenchmarkError.loadGeneratorFailed("could not read wrk output:\n\(output)") }
        return LatencySummary(count: requests, elapsed: elapsed, p50: p50, p99: p99)
    }

    static func parseDuration(_ text: String) -> Duration {
        let units: [(String, Double)] = [("us", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return .nanoseconds(Int64(value * scale * 1e9)) }
        }
        return .zero
    }
}
