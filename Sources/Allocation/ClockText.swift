/// Times of day as people read them. One place, so every output writes times the same way.
public enum ClockText {
    /// Minutes since midnight as "HH:MM" (1140 -> "19:00"; 1455, after midnight, -> "00:15+1").
    public static func minutes(_ minutes: Int) -> String {
        // Only an altered capture has a negative time: shown as one, never as "0-1:0-30".
        guard minutes >= 0 else { return "-" + Self.minutes(minutes == Int.min ? Int.max : -minutes) }
        // After midnight of the service day (a dinner to 01:00): the clock time and "+1".
        let days = minutes / (24 * 60)
        let rest = minutes % (24 * 60)
        return twoDigits(rest / 60) + ":" + twoDigits(rest % 60) + (days > 0 ? "+\(days)" : "")
    }

    /// Virtual seconds as "HH:MM:SS" (28800 -> "08:00:00").
    public static func seconds(_ seconds: Int) -> String {
        guard seconds >= 0 else { return "-" + Self.seconds(seconds == Int.min ? Int.max : -seconds) }
        return twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
    }

    private static func twoDigits(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
}
