// Package vrp models rich vehicle routing problems and solves them with a
// Hybrid Genetic Search (HGS).
//
// # Model
//
// A Problem has jobs (a delivery and/or pickup at one location, with demand in
// one or more capacity dimensions, a service time, one or more time windows and
// a priority), shipments (a pickup and its delivery that must be served by the
// same vehicle, pickup first, within one trip), and vehicle types (start and
// end location, capacity per dimension, shift window, maximum travel time,
// fixed cost, cost per distance and per travel time, a copy count and a
// maximum number of trips). Travel data are duration, distance and optional
// extra-cost matrices indexed by location. A vehicle with MaxTrips > 1 may go
// back to its depot to unload and reload inside its shift; this is modelled
// as "reload" visits to the depot inside one vehicle route. Jobs that cannot
// be served are left unassigned at a penalty and reported with a reason.
//
// # Algorithm
//
// Solve implements the Hybrid Genetic Search of
//
//   - T. Vidal, "Hybrid genetic search for the CVRP: Open-source implementation
//     and SWAP* neighborhood", Computers & Operations Research 140 (2022);
//   - T. Vidal, T.G. Crainic, M. Gendreau, C. Prins, "A hybrid genetic
//     algorithm with adaptive diversity management for a large class of
//     vehicle routing problems with time-windows", Computers & Operations
//     Research 40 (2013), for time windows, time-warp penalties and the
//     O(1) concatenation of route-segment summaries.
//
// The HGS parameters are those of Vidal (2022) except the population: μ = 8
// and λ = 12 instead of 25 and 40, which converges faster within the 10–60 s
// budgets this package targets (Options can restore the HGS values).
//
// Individuals are giant tours split optimally into routes (Prins 2004 /
// Vidal 2016 split), crossed with the ordered crossover (OX), educated by a
// granular local search (neighbour lists of the Γ=20 most correlated
// clients, made symmetric for CVRPs under 500 clients as in HGS-CVRP; relocate of one or two clients, swaps 1-1, 2-1, 2-2, 2-opt and
// 2-opt*, and the SWAP* neighbourhood, which as in HGS also relocates a
// client to its best position in the other route), and kept in feasible and infeasible
// sub-populations ranked by biased fitness (cost rank plus diversity rank
// measured by the broken-pairs distance). Capacity excess and time warp
// (Vidal et al. 2013) are penalised with weights adapted to reach a target
// ratio of feasible offspring, so the search crosses infeasible space;
// infeasible offspring are repaired with probability 1/2 by a local search
// with ten-fold penalties.
//
// A population that has not improved for 4,000 iterations is restarted
// around the best solution (HGS-CVRP waits 20,000, made for runs of
// minutes). In plain CVRPs (uniform arc costs, delivery-only loads, no time
// constraints) a move is priced as HGS-CVRP prices it: the change of the
// arcs it replaces plus the load excess of the two new routes from prefix
// sums, O(1) with no piece list; an improving move is then applied through
// the general path. Otherwise,
// move evaluation is O(1) per piece through prefix and suffix segment
// summaries (duration, time warp, earliest and latest start, distance,
// travel time, and per-dimension load as start load, net change and peak
// prefix) computed once per route change; the inner loop works on flat
// index-based slices and does not allocate. Multi-trip routes use the same
// summaries extended to reload visits: a reload counts only between two
// non-empty trips, so a prefix also keeps the load excess of its finished
// trips and whether a reload waits for a next client, and a suffix its
// finished trips' excess and whether it starts with a reload; joining them
// restarts the load at a counted reload, as the load segments of PyVRP's
// reload depots keep a finished trip's excess apart (PyVRP: N.A. Wouda,
// L. Lan, W. Kool, INFORMS Journal on Computing 36 (2024); reload depots
// came in a later release). Routes that need more
// (shipments, several time windows per job, a reload of another vehicle)
// are evaluated by an exact O(route length) simulation instead, which is
// also the oracle the summaries are tested against; shipments are
// additionally moved as pairs by a best pair-insertion move. Before either,
// a move is dropped when the arc and fixed cost of its routes, a lower
// bound of their penalised cost, cannot beat their current cost: from one
// arc-cost matrix when all vehicle types share rates, else from per-route
// prefix sums of duration, distance and extra cost priced at each type's
// rates (when every vehicle starts, ends and reloads at one place, so that
// skipped reloads cost nothing).
//
// On problems without time constraints whose loads are deliveries only
// (the CVRP), a move's penalised cost is computed from arc costs and load
// prefix sums alone. Under a time limit the initial population (4μ random
// giant tours, as in HGS) is cut off after 15 % of the budget so that large
// instances still get evolutionary iterations, and on instances of more than
// 200 clients with coordinates half of the initial giant tours are
// randomised sweeps (clients by polar angle from a random start, with random
// adjacent swaps), much cheaper to educate than random permutations. For an unlimited homogeneous
// fleet without time constraints the number of routes is capped at
// ⌈1.3·demand/capacity⌉+3, as in HGS.
//
// Large CVRPs are also improved by route-based decomposition after
// A. Santini, M. Schneider, T. Vidal, D. Vigo, "Decomposition strategies
// for vehicle routing heuristics", INFORMS Journal on Computing 35(3)
// (2023). It applies to problems of 500 to 1,500 clients with one vehicle
// type, single trips, plain jobs without time windows, shift or travel
// limits, a depot where routes start and end, and coordinates (the CVRP);
// richer problems (the plans' collection tours of tens of stops,
// multi-trip, time windows) are never decomposed. The bounds are
// measured: at 10 s, X-n502 gains and X-n401 (three subproblems) loses;
// at 60 s, X-n701 and X-n1001 gain and generated problems of 2,000 and
// 5,000 stops lose (the subproblems' fixed iteration budget takes time
// the main search uses better there).
// Every 50 genetic iterations, the best feasible solution's routes are
// ordered by the polar angle of their barycentres around the depot, from a
// random starting angle so that the cuts move, and cut into groups of
// about 150 clients, in the 100–200 range of the paper's route-based
// decompositions. The clients of each group form a CVRP solved by the same
// genetic search, from the group's routes and 8 random individuals, for at
// most 400 iterations and 150 without improvement; the best subproblem
// solutions replace their groups (so the whole is never worse), the result
// is educated with high penalties and joins the population. Each
// subproblem iteration counts as the subproblem's share of the clients of
// a genetic iteration, so an iteration limit bounds the whole work;
// subproblems stop at the time limit and on cancellation, and with
// Workers > 1 they are solved in parallel, each with its own seed.
//
// Jobs no vehicle can serve on its own (skills, capacity, unreachable time
// window) are unassigned up front with that reason. If the search ends
// without a feasible solution, the best infeasible one is repaired by
// removing, route by route, the tasks whose removal most reduces the
// violations, and reinserting what fits; those tasks are reported with
// ReasonNoRoute. The unassigned penalty is only accounted in the reported
// cost: the search itself always tries to serve every task.
//
// For Solomon-style hierarchical objectives (Options.MinimizeVehicles, one
// vehicle type), Solve first builds a feasible solution by cheapest feasible
// insertion and removes routes with a simplified ejection-pool heuristic of
// Y. Nagata and O. Bräysy, "A powerful route minimization heuristic for the
// vehicle routing problem with time windows", Operations Research Letters
// 37 (2009) (ejections of at most two clients chosen by failure counters,
// random feasible relocations as perturbation), for up to 30 % of the
// budget. The genetic search then tries one route fewer with a fleet limit
// (each individual loses its smallest route, whose clients are reinserted
// at their cheapest penalised positions; given up after 20 % of the budget)
// and finally minimises cost with the smallest fleet found, from a
// population seeded by ruin-and-recreate neighbours of the best solution.
//
// # Guarantees
//
// The search is deterministic for a given Options.Seed, Options.Workers and
// limit on iterations (a time limit makes the result depend on machine
// speed). With Workers = W > 1, each generation breeds W offspring from the
// population as it stands and educates them in parallel, each on its own
// local search; they join the population in a fixed order, so scheduling
// never changes the result. It is
// anytime: on context cancellation or limit expiry, Solve returns the best
// solution found so far. Every returned Solution satisfies all hard
// constraints, which Check verifies independently of the solver: jobs that
// could not be placed feasibly are reported in Solution.Unassigned. There is
// no optimality guarantee.
package vrp
