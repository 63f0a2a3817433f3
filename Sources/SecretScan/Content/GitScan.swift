/// Opening the repository for the git-backed scans.
enum GitScan {
    static func openRepository(_ path: String) throws(ScanError) -> GitRepository {
        let outcome: RepositoryLookup.Outcome
        do { outcome = try RepositoryLookup.find(containing: path) } catch { throw .git(error) }
        switch outcome {
        case .pathNotFound: throw .pathNotFound(path)
        case .notARepository: throw .notAGitRepository(path)
        case .found(let repo): return repo
        }
    }
}
