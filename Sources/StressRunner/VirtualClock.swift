/// The run's clock: virtual seconds since midnight of the service date, moved only by the
/// documented cost of each operation, never by the wall clock (docs/determinism.md).
public enum VirtualClock {
    /// The run starts at 08:00:00; seeding takes no time.
    public static let startSeconds = 8 * 3600
    public static let createSeconds = 1
    public static let quoteSeconds = 2
    public static let holdSeconds = 1
    public static let confirmSeconds = 1
    public static let releaseSeconds = 1

    /// A time of the service day (minutes since midnight) on the clock: when a scheduled change is asked.
    public static func seconds(ofMinute minute: Int) -> Int { minute * 60 }
}
