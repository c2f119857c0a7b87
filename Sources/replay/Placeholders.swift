import ArgumentParser

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Reproduce a capture.")
    func run() throws { throw CommandFailure.badInput("replay run: not implemented yet") }
}
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check a capture's integrity.")
    func run() throws { throw CommandFailure.badInput("replay verify: not implemented yet") }
}
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a capture's events.")
    func run() throws { throw CommandFailure.badInput("replay show: not implemented yet") }
}
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write a capture's reports again.")
    func run() throws { throw CommandFailure.badInput("replay report: not implemented yet") }
}
