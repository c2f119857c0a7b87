/// A count with its noun, singular for one: "1 quote", "48 quotes" (what every summary says).
public enum Counted {
    public static func text(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
