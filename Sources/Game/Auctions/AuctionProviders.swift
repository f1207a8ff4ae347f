/// The registry of auction providers by type name: the extension point for new kinds of auction.
///
/// A plain value built once at start-up (`standard` registers open, blind and Vickrey) and shared read-only by the
/// writer and event loops; `registerAuctionType` replaces a provider of the same name.
public struct AuctionProviders: Sendable {
    private var providers: [String: any AuctionProvider] = [:]

    public init() {}

    /// Registers (or replaces) `provider` under its `auctionType`.
    public mutating func registerAuctionType(_ provider: any AuctionProvider) {
        providers[provider.auctionType] = provider
    }

    /// The provider for `auctionType`.
    /// - Throws: `AuctionError.unknownAuctionType`.
    public func provider(for auctionType: String) throws(AuctionError) -> any AuctionProvider {
        guard let provider = providers[auctionType] else { throw .unknownAuctionType(auctionType: auctionType) }
        return provider
    }

    /// Every registered type name, sorted.
    public var auctionTypes: [String] { providers.keys.sorted() }

    /// Open (ascending), blind (sealed first-price) and Vickrey (sealed second-price).
    public static var standard: AuctionProviders {
        var providers = AuctionProviders()
        providers.registerAuctionType(AuctionOpenProvider())
        providers.registerAuctionType(AuctionBlindProvider())
        providers.registerAuctionType(AuctionVickreyProvider())
        return providers
    }
}
