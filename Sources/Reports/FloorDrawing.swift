/// How the HTML report draws the restaurants' floor timelines (`--floors`).
public enum FloorDrawing: String, Sendable, CaseIterable {
    /// SVG in the page for a small day, drawn by the page's script for a large one
    /// (`HTMLReport.drawnByScript`).
    case auto
    /// Every timeline as SVG in the page: complete without script, large for a large day.
    case svg
    /// Every timeline drawn by the page's script from embedded data, when its section is opened.
    case script

}
