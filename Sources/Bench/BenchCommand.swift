import App
import Foundation
import Store

/// `worldgame bench NAME`: runs a benchmark and prints a table with ratios against baselines measured in the same run.
package enum BenchCommand: Subcommand {
    package static let name = "bench"
    package static let summary = "Run a benchmark (writes, http, jobs, bids, market, resources, fanout, replication, startup, all) and print a table"
    package static let positionalUsage = "writes|http|jobs|bids|market|resources|fanout|replication|startup|all|profile"
    package static let discussion = """
        writes: durable commands/s and p50/p99 of (a) one transaction per command, (b) the group-commit Writer with
                1, 8, 64 and 256 concurrent submitters, (c) the ceiling: transactions of 64 on one thread; ratios (b)/(a), (b)/(c).
        http:   requests/s and p50/p99 of GET /health, a small JSON route and GET /api/land-squares (100 squares, also at
                5 connections) on an in-process server over 127.0.0.1, next to nginx serving the same tiny body and a
                static file with the 100-square bytes; wrk drives all (apt-get install wrk nginx-light), else a
                built-in keep-alive generator drives ours alone.
        jobs:   database-only jobs/s with 1, 2 and 4 workers and batched claims, against claiming and completing each
                job in its own transaction.
        bids:   durable bids/s over HTTP with 64 connections on one blind auction, across 1,000 auctions and on one
                open auction, and with 5 players, against one bid per transaction on one thread, and against the
                ceiling: the same requests to a no-op route; the CPU of a request by thread (writer, loops, clients).
        market: limit orders/s and trades/s through MarketService and the Writer with 64 concurrent clients, p50/p99,
                against the Writer's ceiling (no-op commands); the CPU of an order by thread.
        resources: a resource update run over 1,000,000 generated squares (goal under 10 s); world generation first.
        fanout: --clients WebSocket clients (default 10000; --connections also sets it) subscribed to one topic, run
                by a child process (the hidden `bench fanout-clients --port P --clients N`) on its own event loops;
                commit-to-last-receipt p50/p99 over at least 50 events, and resident memory per connection.
        replication: async lag (commit on the primary to commit on a standby fed over HTTP) p50/p99 under a paced
                write load of --rate commands/s, and the time to promote.
        startup: start to /ready and idle memory (RSS, PSS, private dirty) of this binary on a prepared data dir.
        profile: --count requests of --kind (squares: GET of one 100-square area, cached; areas: GET of a new 10 x 10
                area each time, uncached; bid: a durable blind bid; order: a market limit order, half resting, half
                matching; bid-replicated, order-replicated: the same with a primary's replication recorder on
                the writer; bid-noop: the bid's requests to a no-op route), one at a time over 127.0.0.1 to an in-process server; writer-x64, ceiling-64: --count
                of the writes benchmark's commands through the Writer with 64 submitters, or in transactions of 64
                without it; a driver for callgrind (see scripts/profile), not a benchmark.
        all:    every benchmark above (resources: one run; fanout: 10,000 clients), then start-to-/ready and idle RSS
                of this binary started on a prepared data dir, then a summary of every ratio and goal line.
        Figures are only comparable on the same machine; compare the ratio lines across machines.
        """
    package static let options: [CommandOption] = [
        .value("seconds", "S", "Duration of each case (writes: split over 3 interleaved rounds)", default: "3"),
        .value("connections", "N", "Concurrent connections for the http benchmark", default: "64"),
        .value("loops", "N", "Event loops for the http benchmark", default: "number of cores"),
        .value("generator", "auto|wrk|builtin", "Load generator for the http benchmark", default: "auto"),
        .value("kind", ProfileBenchmark.kinds.joined(separator: "|"), "profile: the request to repeat",
               default: "squares"),
        .value("count", "N", "profile: how many requests", default: "1000"),
        .value("rate", "N", "Commands/s of the replication benchmark's write load", default: "2000"),
        .value("standby-synchronous", "full|normal|off", "replication: the standby's PRAGMA synchronous (diagnostic: "
               + "how much of the sync cost is the standby's fsync)", default: "full"),
        .value("clients", "N", "WebSocket clients of the fanout benchmark", default: "10000"),
        .value("squares", "N", "Squares of the resources benchmark's world (a small one for callgrind)",
               default: "1000000"),
        .value("port", "PORT", "fanout-clients (internal): the gateway port to connect to"),
    ]

    /// What every benchmark reads from the command line.
    struct Settings: Sendable {
        var seconds: Double
        var connections: Int
        var loops: Int
        var generator: String
        /// `bench all`: bounded sizes (fanout at 10,000 clients, resources one run).
        var isAll = false
        /// `bench replication`: commands/s of the paced write load.
        var rate = 2_000
        /// `bench replication`: the standby's `PRAGMA synchronous` (`--standby-synchronous`).
        var standbySynchronous = SynchronousMode.full
        /// `bench fanout`: WebSocket clients (`--clients`, else `--connections`, else 10,000).
        var clients = 10_000
        /// `bench resources`: squares of the generated world (`--squares`).
        var squares = 1_000_000
    }

    /// Every benchmark by name, in the order `bench all` runs them. A new benchmark adds one line here (and `all`
    /// runs it too).
    static let benchmarks: [(name: String, run: @Sendable (Settings) throws -> String)] = [
        ("writes", { try WritesBenchmark(seconds: $0.seconds).run() }),
        ("http", { try HTTPBenchmark(seconds: $0.seconds, connections: $0.connections, loopCount: $0.loops,
                                     generator: $0.generator).run() }),
        ("jobs", { try JobsBenchmark(seconds: $0.seconds).run() }),
        ("bids", { try BidsBenchmark(seconds: $0.seconds).run() }),
        ("market", { try MarketBenchmark(seconds: $0.seconds).run() }),
        ("resources", { try ResourcesBenchmark(seconds: $0.isAll ? 1 : $0.seconds, squares: $0.squares).run() }),
        ("fanout", { try FanoutBenchmark(connections: $0.isAll ? 10_000 : $0.clients, seconds: $0.seconds).run() }),
        ("replication", { try ReplicationBenchmark(seconds: $0.seconds, ratePerSecond: $0.rate,
                                                   standbySynchronous: $0.standbySynchronous).run() }),
    ]

    package static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let benchmark = arguments.positionals.first else {
            throw CommandLineError.missingArgument(command: name, what: "a benchmark name (writes, http, jobs, bids, market, resources, fanout, replication, all or profile)")
        }
        var settings = Settings(
            seconds: Double(try arguments.integer("seconds", default: 3, range: 1...600)),
            connections: try arguments.integer("connections", default: 64, range: 1...100_000),
            loops: try arguments.integer("loops", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...256),
            generator: try arguments.choice("generator", default: "auto", choices: ["auto", "wrk", "builtin"]))
        settings.rate = try arguments.integer("rate", default: 2_000, range: 1...1_000_000)
        settings.squares = try arguments.integer("squares", default: 1_000_000, range: 256...10_000_000)
        settings.standbySynchronous = SynchronousMode(rawValue: try arguments.choice(
            "standby-synchronous", default: "full", choices: ["full", "normal", "off"])) ?? .full
        settings.clients = try arguments.integer(
            "clients", default: arguments.string("connections") == nil ? 10_000 : settings.connections, range: 1...100_000)
        if benchmark == "fanout-clients" {
            let port = try arguments.integer("port", default: 0, range: 1...65_535)
            guard port > 0 else { throw CommandLineError.missingArgument(command: name, what: "--port of the gateway") }
            try FanoutClientProcess(port: port, clients: settings.clients).run()
            return 0
        }
        if benchmark == "profile" {
            let kind = try arguments.choice("kind", default: "squares", choices: ProfileBenchmark.kinds)
            let count = try arguments.integer("count", default: 1_000, range: 1...10_000_000)
            print(try ProfileBenchmark(kind: kind, count: count, loopCount: settings.loops).run())
            return 0
        }
        if benchmark == "startup" {
            print("bench startup\n" + (try StartupBenchmark().run()).lines.joined(separator: "\n"))
            return 0
        }
        if benchmark == "all" {
            settings.isAll = true
            settings.connections = 64
            print(try BenchAll(settings: settings).run())
            return 0
        }
        guard let entry = benchmarks.first(where: { $0.name == benchmark }) else {
            throw CommandLineError.unexpectedArgument(command: name, argument: benchmark)
        }
        print(try entry.run(settings))
        return 0
    }
}
