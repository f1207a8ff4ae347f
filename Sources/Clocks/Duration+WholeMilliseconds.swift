extension Duration {
    /// The duration in whole milliseconds (rounded toward zero), the unit of every stored timestamp.
    public var wholeMilliseconds: Int64 {
        let components = self.components
        return components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
