/// Times of day as people read them. One place, so every output writes times the same way.
public enum ClockText {
    /// Minutes since midnight as "HH:MM" (1140 -> "19:00").
    public static func minutes(_ minutes: Int) -> String {
        twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
    }

    /// Virtual seconds as "HH:MM:SS" (28800 -> "08:00:00").
    public static func seconds(_ seconds: Int) -> String {
        twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
    }

    private static func twoDigits(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
}
