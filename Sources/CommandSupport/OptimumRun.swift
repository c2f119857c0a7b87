import Optimum
import Projections
import Reports

/// The best possible day for the reports, the gap gate and diff: solved once for a folded state.
package enum OptimumRun {
    /// Fails early (exit 2, naming the package) when the solver is missing.
    package static func solver(timeLimit: Int) throws -> OptimumSolver {
        do { return try OptimumSolver.cbc(timeLimitSeconds: timeLimit) } catch {
            throw CommandFailure.badInput("replay: --optimum: \(error)")
        }
    }

    /// The bookings an optimal plan seats that the run did not confirm, with the plan's tables and window.
    package static func recoverable(models: [OptimumModel], solutions: [OptimumSolver.Solution], state: RunState)
        -> [OptimumFigures.Recoverable]
    {
        var result: [OptimumFigures.Recoverable] = []
        for (model, solution) in zip(models, solutions) {
            for entry in solution.plan where state.booking(entry.booking)?.status != .confirmed {
                guard
                    let choice = model.choices.first(where: { $0.booking == entry.booking && $0.tables == entry.tables }
                    )
                else { continue }
                result.append(
                    OptimumFigures.Recoverable(
                        restaurant: model.restaurant, booking: entry.booking, tables: entry.tables,
                        startMinute: choice.window.startMinute, endMinute: choice.window.endMinute))
            }
        }
        return result
    }

    package static func figures(_ state: RunState, solver: OptimumSolver) throws -> OptimumFigures {
        let maxTables = state.options?.maxTables ?? 4
        let models = state.restaurants.map {
            OptimumModel.make(restaurant: $0, state: state, maxTables: maxTables, objective: .bookings)
        }
        let solutions: [OptimumSolver.Solution]
        do { solutions = try solver.solve(models) } catch {
            throw CommandFailure.badInput("replay: --optimum: \(error)")
        }
        return OptimumFigures(
            solver: solver.identity,
            restaurants: solutions.map {
                .init(slug: $0.restaurant, optimum: $0.seated, proven: $0.proven, bound: $0.bound)
            },
            recoverable: recoverable(models: models, solutions: solutions, state: state),
            exchanges: OptimumFigures.Exchange.all(
                plans: solutions.map { ($0.restaurant, $0.plan.map(\.booking)) }, state: state))
    }
}
