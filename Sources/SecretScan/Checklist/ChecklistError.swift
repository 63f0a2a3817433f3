/// Why a checklist could not be evaluated.
public enum ChecklistError: Error, Sendable, Equatable, CustomStringConvertible {
    case pipeline(PipelineError)
    case unknownItems([String])

    public var description: String {
        switch self {
        case .pipeline(let error): error.description
        case .unknownItems(let ids):
            "unknown checklist item\(ids.count == 1 ? "" : "s") \(ids.map { "'\($0)'" }.joined(separator: ", ")); the ids are "
                + ChecklistItemID.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}
