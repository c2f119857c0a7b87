import ArgumentParser
import Foundation

// `replay show | head` must end quietly: a closed pipe becomes a write error we check, not a signal.
signal(SIGPIPE, SIG_IGN)
ReplayCommand.main(arguments: CommandLine.arguments)
