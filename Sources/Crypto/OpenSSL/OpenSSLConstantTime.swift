import COpenSSL

/// Comparison of secrets (MACs, token digests) whose running time does not depend on where they differ.
///
/// Uses OpenSSL's `CRYPTO_memcmp`. Stateless and thread-safe.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    ///
    /// For equal lengths every byte is compared, whatever the content. Different lengths return false; the lengths
    /// themselves are not secret, but the comparison still runs over `a` so timing does not depend on content.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        OpenSSLSupport.withBytes(a) { aPointer, aCount in
            OpenSSLSupport.withBytes(b) { bPointer, bCount in
                let isSameLength = aCount == bCount
                let difference = CRYPTO_memcmp(aPointer, isSameLength ? bPointer : aPointer, aCount)
                return isSameLength && difference == 0
            }
        }
    }
}
