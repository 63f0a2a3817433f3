import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The infrastructure inventory as a pipeline stage: the working tree's infrastructure files (the
/// files a working-tree scan reads), read for what they define rather than for findings.
enum InventoryStage {
    static func collect(_ request: ScanRequest, includeIgnored: Bool) throws(PipelineError) -> IaCInventory {
        var entries: [FileEntry] = []
        do {
            _ = try WorkingTreeSource.list(root: request.path, includeIgnored: includeIgnored) { batch in
                entries += batch.filter { IaCScanner.mayScan(path: $0.path) }
            }
        } catch {
            throw .scan(error)
        }
        var inventory = IaCInventory()
        for entry in entries.sorted(by: { $0.path < $1.path }) {
            var st = stat()
            guard lstat(entry.absolutePath, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) <= IaCScanner.maxFileSize,
                let data = FileManager.default.contents(atPath: entry.absolutePath)
            else { continue }
            inventory.collect(Array(data), path: entry.path)
        }
        inventory.resolveRotation()
        return inventory
    }
}
