/// The game commands a client may send over the socket, implemented by the app on the SAME code path as the REST
/// routes (`POST /api/auctions/{id}/bid`, `POST /api/merges`), so both answer with the same results and error codes.
///
/// Called on the connection's event loop: start the work (submit to the Writer) and return at once; call
/// `completion` exactly once, from any thread, with the REST route's response body or its error. The gateway reads a
/// result's `json` on the connection's loop, so a result made with `RealtimeCommandResult(building:)` is encoded there.
public protocol RealtimeCommands: Sendable {
    /// Places a bid of `amount` on `auctionID` for `playerID`; `requestID` is the client's, `traceparent` the W3C
    /// trace it asked to continue (nil or invalid: a new trace).
    func placeBid(playerID: Int64, auctionID: Int64, amount: Int64, requestID: String, traceparent: String?,
                  completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void)

    /// Merges `squareIDs` into one plot for `playerID`. The gateway has already checked the list's shape (1 to
    /// `RealtimeConfiguration.maxMergeSquares` positive ids); the rules (`not_adjacent`, `not_owner`...) are the
    /// route's.
    func merge(playerID: Int64, squareIDs: [Int64],
               completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void)
}

/// A command's successful answer: the JSON object the REST route would have returned (sent as the `result`'s `data`).
///
/// Why it may hold a recipe rather than the bytes: a command completes on the writer thread, the one serial resource,
/// and the gateway builds the answer on the connection's loop; `init(building:)` lets the command hand over its values
/// and have them encoded there (a bid's JSON, its message and its frame cost the writer about 30k instructions).
/// A plain value; `json` runs the recipe each time it is read.
public struct RealtimeCommandResult: Sendable, Equatable {
    private let build: @Sendable () -> [UInt8]

    /// The answer's bytes, already encoded.
    public init(json: [UInt8]) {
        build = { json }
    }

    /// The answer `build` encodes when the gateway sends it (on the connection's loop).
    public init(building build: @escaping @Sendable () -> [UInt8]) {
        self.build = build
    }

    /// The JSON object's bytes.
    public var json: [UInt8] { build() }

    public static func == (lhs: RealtimeCommandResult, rhs: RealtimeCommandResult) -> Bool {
        lhs.json == rhs.json
    }
}

/// A command's failure as the REST API reports it: HTTP status, snake_case code and message.
///
/// A plain value; sent to the client as an `error` with the command's `requestId`. The message must already be safe
/// to show the client (no secrets, e.g. no blind-auction amounts of others).
public struct RealtimeCommandError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}

/// The commands used until the game modules are wired: every command answers 503 `not_available`.
///
/// Stateless; any thread.
public struct RealtimeUnavailableCommands: RealtimeCommands {
    public init() {}

    public func placeBid(playerID: Int64, auctionID: Int64, amount: Int64, requestID: String, traceparent: String?,
                         completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        completion(.failure(RealtimeCommandError(status: 503, code: "not_available",
                                                 message: "bids over the socket are not available on this node")))
    }

    public func merge(playerID: Int64, squareIDs: [Int64],
                      completion: @escaping @Sendable (Result<RealtimeCommandResult, RealtimeCommandError>) -> Void) {
        completion(.failure(RealtimeCommandError(status: 503, code: "not_available",
                                                 message: "merges over the socket are not available on this node")))
    }
}
