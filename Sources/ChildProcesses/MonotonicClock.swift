#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Milliseconds of `CLOCK_MONOTONIC`, for deadlines: the wall clock can jump.
public enum MonotonicClock {
    public static func milliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
