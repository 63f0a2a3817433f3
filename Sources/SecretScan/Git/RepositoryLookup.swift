import Foundation

/// Finding the repository a path is in, once for every scan and audit; each caller words the
/// failure in its own domain's error.
enum RepositoryLookup {
    enum Outcome {
        case pathNotFound
        case notARepository
        case found(GitRepository)
    }

    static func find(containing path: String) throws(GitError) -> Outcome {
        guard FileManager.default.fileExists(atPath: path) else { return .pathNotFound }
        guard let repo = try GitRepository.discover(containing: path) else { return .notARepository }
        return .found(repo)
    }
}

/// A repository that has a work tree: what the staged scan and the gitignore audit need.
struct WorkTreeRepository {
    let repository: GitRepository
    /// Absolute path of the work tree, with a trailing `/`.
    let workTree: String

    /// Nil for a bare repository.
    init?(_ repository: GitRepository) {
        guard let workdir = repository.workdir else { return nil }
        self.repository = repository
        workTree = workdir
    }
}
