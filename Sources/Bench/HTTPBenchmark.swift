import Foundation
import HTTP

/// `worldgame bench http`: the API server's requests/s and latency for `GET /health`, a small JSON route and
/// `GET /api/land-squares` of 100 squares on a demo world, on an in-process server over 127.0.0.1, next to nginx
/// serving the same tiny body and a static file with the 100-square response's bytes (the peers our figures are compared with), all driven
/// by `wrk` with the same settings in the same run (the built-in keep-alive generator, without nginx, when wrk is
/// missing).
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
        let node = try BenchAPINode(loopCount: loopCount)
        defer { node.shutdown() }
        let useWrk = generator == "wrk" || (generator == "auto" && WrkLoadGenerator.isInstalled)
        let tinyBody = #"{"status":"ok"}"#
        let squaresBody = try node.body(of: BenchAPINode.hundredSquaresPath)
        let nginx = useWrk && NginxPeer.executablePath != nil
            ? try NginxPeer(tinyBody: tinyBody, fileBody: squaresBody, workerCount: loopCount) : nil
        defer { nginx?.stop() }
        var table = BenchTable(
            title: "bench http: \(loopCount) loops, \(connections) keep-alive connections, "
                + "\(useWrk ? "wrk -t2" : "built-in generator"), \(seconds)s per case", unit: "req")
        let port = node.server.localPort
        let measure = { (port: Int, path: String, connections: Int) throws -> LatencySummary in
            useWrk
                ? try WrkLoadGenerator(port: port, connections: connections, seconds: seconds).run(path: path)
                : try BuiltinLoadGenerator(port: port, connections: connections, seconds: seconds).run(path: path)
        }
        let nginxTiny = try nginx.map { try measure($0.port, "/tiny", connections) }
        if let nginxTiny { table.add("nginx (i) fixed JSON \(tinyBody.utf8.count) B", nginxTiny) }
        let health = try measure(port, "/health", connections)
        table.add("GET /health (same body)", health)
        let json = try measure(port, "/bench/json", connections)
        table.add("GET /bench/json (JSONEncoder)", json)
        let nginxFile = try nginx.map { try measure($0.port, "/squares.json", connections) }
        if let nginxFile { table.add("nginx (ii) static \(squaresBody.count) B file", nginxFile) }
        let squares = try measure(port, BenchAPINode.hundredSquaresPath, connections)
        table.add("GET /api/land-squares (100 squares)", squares)
        let fivePlayers = try measure(port, BenchAPINode.hundredSquaresPath, 5)
        table.add("same, 5 connections", fivePlayers)
        if useWrk {
            // A random 10 x 10 area inside the demo world per request: the per-loop area cache mostly misses.
            let script = """
                math.randomseed(os.time())
                request = function()
                  local x = math.random(-32, 22)
                  local y = math.random(-32, 22)
                  return wrk.format("GET", string.format("/api/land-squares?minX=%d&minY=%d&maxX=%d&maxY=%d", x, y, x + 9, y + 9))
                end
                """
            let random = try WrkLoadGenerator(port: port, connections: connections, seconds: seconds)
                .run(path: "/", luaScript: script)
            table.add("100 squares, random areas (cache misses)", random)
            table.addRatio("random areas / nginx (ii)", numerator: random.perSecond,
                           denominator: nginxFile?.perSecond ?? 0, goal: "none; the uncached cost")
        }
        if let nginxTiny, let nginxFile {
            table.addRatio("GET /health / nginx (i)", numerator: health.perSecond, denominator: nginxTiny.perSecond,
                           goal: ">= 0.50x")
            table.addRatio("100 squares / nginx (ii)", numerator: squares.perSecond, denominator: nginxFile.perSecond,
                           goal: ">= 0.25x")
        } else {
            table.addNote("nginx comparison skipped: needs wrk and nginx (apt-get install wrk nginx-light)")
        }
        table.addNote("read p99 at 5 connections: " + String(format: "%.3f ms", fivePlayers.p99.milliseconds)
                      + " (goal < 2 ms)")
        table.addRatio("json route / health", numerator: json.perSecond, denominator: health.perSecond,
                       goal: "none; shows what Foundation JSON encoding costs")
        return table.render()
    }
}

/// Keep-alive load from threads in this process, one blocking connection per thread.
struct BuiltinLoadGenerator {
    var port: Int
    var connections: Int
    var seconds: Double

    func run(path: String) throws -> LatencySummary {
        try HTTPClientThreads.run(count: connections, port: port, seconds: seconds) { _, client, deadline in
            var samples: [Duration] = []
            while ContinuousClock.now < deadline {
                let began = ContinuousClock.now
                guard let response = try? client.send(.get, path), response.status == 200 else { return nil }
                samples.append(ContinuousClock.now - began)
            }
            return samples
        }
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

    /// Runs wrk on `path`, or with `luaScript` (a wrk script whose `request` function picks each request's path).
    func run(path: String, luaScript: String? = nil) throws -> LatencySummary {
        guard let executable = Self.executablePath else { throw BenchmarkError.loadGeneratorFailed("wrk is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-t2", "-c\(connections)", "-d\(max(1, Int(seconds)))s", "--latency", "http://127.0.0.1:\(port)\(path)"]
        var scriptPath: String?
        if let luaScript {
            let file = FileManager.default.temporaryDirectory.path + "/worldgame-bench-\(UUID().uuidString.prefix(8)).lua"
            try luaScript.write(toFile: file, atomically: true, encoding: .utf8)
            process.arguments? += ["-s", file]
            scriptPath = file
        }
        defer { if let scriptPath { try? FileManager.default.removeItem(atPath: scriptPath) } }
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
