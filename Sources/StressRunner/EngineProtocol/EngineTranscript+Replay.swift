import Allocation

extension EngineTranscript {
    /// Asks the transcript's lines of an engine in a session of their own (so its floor's slug
    /// meets nothing else) and judges the answer now: against the feasible sets the oracle finds
    /// for the lines, with the rules the engine declares now. `expectedChanged` is true when
    /// those sets are not the ones the file's `=` line lists (the file was edited, or the oracle
    /// changed): the oracle's are the ones judged.
    public func replay(command: String, timeoutSeconds: Int, logPath: String, toolVersion: String, path: String)
        throws -> (result: EngineCheck.Result, expectedChanged: Bool)
    {
        let asked = try question(path: path)
        let engine = try ProcessEngine(
            command: command, timeoutSeconds: timeoutSeconds, maxTables: asked.maxTables, logPath: logPath,
            toolVersion: toolVersion)
        defer { engine.finish() }
        do {
            try engine.sendFloor(line: floorLine, slug: asked.slug)
            let answer = try engine.quote(line: quoteLine, question: asked.question)
            let feasible = EngineCheck.feasible(asked.question)
            let result = try EngineCheck.judge(
                name: path, purpose: title, question: asked.question, feasible: feasible, answer: answer,
                engine: engine, floorLine: floorLine)
            return (result, result.expected != expected)
        } catch {
            engine.kill()
            throw error
        }
    }
}
