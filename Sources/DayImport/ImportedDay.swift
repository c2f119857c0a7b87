import Scenarios

/// An imported day: the scenario (checked by `ScenarioLoader`, as any scenario file is), its
/// file text (with the import's own `x-` notes), and one line saying what was read and left out.
public struct ImportedDay: Sendable {
    public let scenario: Scenario
    public let text: String
    public let summary: String
}
