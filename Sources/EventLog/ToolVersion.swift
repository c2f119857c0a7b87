/// The version of replay written into `meta.tool_version` (never into events, so a newer tool
/// reproduces an older capture's events byte for byte when its logic has not changed).
public enum ToolVersion {
    public static let current = "0.2.0"
}
