/// Why a cryptographic operation failed.
///
/// Cases carry facts, never secrets: no key material, password or plaintext ever appears in one.
public enum CryptoError: Error, Equatable {
    /// An OpenSSL call failed; `function` is the C function we called, `reason` OpenSSL's reason string for the
    /// first error on the thread's queue (for example `"memory limit exceeded"`).
    case openSSL(function: String, reason: String)
    /// The PEM text held no unencrypted private key OpenSSL could decode.
    case invalidPEM
    /// The arguments break the algorithm's rules; the text names the rule (`"iterations must be at least 1"`).
    case invalidParameters(String)
}
