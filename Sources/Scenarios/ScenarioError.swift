/// A scenario that cannot be used, with the file, the JSON path of the value and the problem:
/// `demo.json: $.restaurants[0].tables[2].min: must be at most max (4), found 6`.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public let file: String
    /// JSONPath of the offending value (`$` for the whole document).
    public let path: String
    public let problem: String

    public init(file: String, path: String, problem: String) {
        self.file = file
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(file): \(path): \(problem)" }
}
