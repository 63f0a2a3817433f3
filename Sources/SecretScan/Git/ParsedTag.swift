/// The one part of a raw annotated tag that peeling needs: the object it points at (its first
/// header line, `object <hex>`).
enum ParsedTag {
    private static let objectKey = Array("object ".utf8)

    /// nil when the first line is not a well-formed `object` line (the caller then asks libgit2).
    static func object(in bytes: [UInt8]) -> ObjectID? {
        guard bytes.starts(with: objectKey), bytes.count >= objectKey.count + 40 else { return nil }
        return ParsedCommit.hexID(bytes[objectKey.count..<(objectKey.count + 40)])
    }
}
