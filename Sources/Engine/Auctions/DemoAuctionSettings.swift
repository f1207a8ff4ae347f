/// The demo world's auction cadence: how many auctions of unowned land to keep open, how often to check, and what
/// the new ones look like.
///
/// A plain value fixed at start-up from `serve`'s `--demo-auctions*` flags (on by default only with `--demo`).
public struct DemoAuctionSettings: Sendable, Equatable, Encodable {
    /// Keep at least this many auctions of unowned land open (0 turns the cadence off).
    public var openTarget: Int
    /// Seconds between two checks (the persisted schedule's interval, aligned to the epoch).
    public var intervalSeconds: Int
    /// How long a new demo auction takes bids; the k-th one created by one check runs k intervals longer, so they
    /// end one after another.
    public var durationSeconds: Int
    /// Reserve price of every demo auction, whole gold units.
    public var reservePrice: Int64

    /// The auction types the cadence rotates through.
    public static let auctionTypes = ["open", "blind", "vickrey"]

    public init(openTarget: Int = 3, intervalSeconds: Int = 15, durationSeconds: Int = 120, reservePrice: Int64 = 10) {
        self.openTarget = openTarget
        self.intervalSeconds = intervalSeconds
        self.durationSeconds = durationSeconds
        self.reservePrice = reservePrice
    }

    /// Whether the cadence runs at all.
    public var isEnabled: Bool { openTarget > 0 }
}
