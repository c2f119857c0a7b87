import EventLog
import Replayer

/// Opens a capture read-only, turning every failure into exit 2 with one line.
/// A capture whose meta contradicts its first event was altered: no command uses it.
package func openCapture(_ path: String) throws -> CaptureReader {
    let reader: CaptureReader
    do { reader = try CaptureReader(path: path) } catch { throw CommandFailure.badInput(error.description) }
    do {
        if let disagreement = try reader.metaDisagreement() {
            throw CommandFailure.badInput("\(path): corrupt capture (\(disagreement))")
        }
    } catch let error as CaptureError {
        throw CommandFailure.badInput(error.description)
    }
    return reader
}

/// Runs a read of a capture, mapping a file that fails mid-read (corrupt pages, bad rows) to exit 2.
package func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let failure as CommandFailure {
        throw failure
    } catch let interruption as RunInterrupted {
        throw interruption
    } catch let unreadable as Rebuilder.Unreadable {
        throw CommandFailure.badInput(unreadable.description)
    } catch let problem as CaptureDiff.Problem {
        throw CommandFailure.found(problem.description)
    } catch let problem as CaptureInputs.Problem {
        throw CommandFailure.badInput(problem.description)
    } catch let error as CaptureError {
        throw CommandFailure.badInput(error.description)
    } catch {
        throw CommandFailure.badInput("\(path): \(error)")
    }
}
